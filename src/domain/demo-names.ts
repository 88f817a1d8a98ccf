// Word lists for the demo data (demo.ts). Names are common British first and last names combined at
// random: they describe no real person. Towns are Dorset-like; the settings built from them are made up.

export const FIRST_NAMES = [
  'Oliver', 'George', 'Harry', 'Noah', 'Jack', 'Leo', 'Arthur', 'Muhammad', 'Oscar', 'Charlie',
  'Jacob', 'Thomas', 'Henry', 'William', 'Joshua', 'James', 'Alfie', 'Freddie', 'Archie', 'Theo',
  'Isaac', 'Finley', 'Edward', 'Reuben', 'Ethan', 'Logan', 'Mason', 'Dylan', 'Toby', 'Rory',
  'Callum', 'Kai', 'Ibrahim', 'Aaron', 'Lewis', 'Owen', 'Rhys', 'Samuel', 'Daniel', 'Max',
  'Olivia', 'Amelia', 'Isla', 'Ava', 'Mia', 'Ivy', 'Lily', 'Isabella', 'Rosie', 'Sophia',
  'Grace', 'Freya', 'Willow', 'Florence', 'Emily', 'Ella', 'Poppy', 'Evie', 'Elsie', 'Charlotte',
  'Evelyn', 'Sienna', 'Daisy', 'Phoebe', 'Sophie', 'Harriet', 'Matilda', 'Ruby', 'Millie', 'Imogen',
  'Jessica', 'Layla', 'Maryam', 'Niamh', 'Erin', 'Holly', 'Megan', 'Chloe', 'Zara', 'Bethany',
] as const;

export const LAST_NAMES = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Robinson',
  'Wright', 'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Thomas', 'Clarke',
  'Jackson', 'Wood', 'Harris', 'Edwards', 'Turner', 'Martin', 'Cooper', 'Hill', 'Ward', 'Hughes',
  'Moore', 'Clark', 'King', 'Harrison', 'Lewis', 'Baker', 'Lee', 'Allen', 'Morris', 'Khan',
  'Scott', 'Watson', 'Davis', 'Parker', 'James', 'Bennett', 'Young', 'Phillips', 'Richardson', 'Mitchell',
  'Bailey', 'Carter', 'Cook', 'Singh', 'Shaw', 'Bell', 'Collins', 'Morgan', 'Kelly', 'Begum',
  'Miller', 'Cox', 'Marshall', 'Simpson', 'Anderson', 'Adams', 'Ellis', 'Price', 'Mason', 'Russell',
  'Webb', 'Hunt', 'Palmer', 'Fletcher', 'Holmes', 'Knight', 'Lloyd', 'Stevens', 'Reid', 'Barnes',
  'Pearce', 'Hussain', 'Grant', 'Foster', 'Chapman', 'Dixon', 'Fox', 'Gibson', 'Mills', 'Powell',
  'Ahmed', 'Okafor', 'Nowak', 'Murphy', 'Lawrence', 'Hayes', 'Burton', 'Sutton', 'Hammond', 'Pike',
] as const;

export const LOCALITIES = ['North', 'South', 'East', 'West'] as const;

/** Towns by locality (index matches LOCALITIES). */
export const TOWNS: readonly (readonly string[])[] = [
  ['Sherborne', 'Shaftesbury', 'Gillingham', 'Sturminster', 'Stalbridge'],
  ['Weymouth', 'Portland', 'Swanage', 'Wareham', 'Wool'],
  ['Wimborne', 'Ferndown', 'Verwood', 'Blandford', 'Corfe Mullen'],
  ['Dorchester', 'Bridport', 'Beaminster', 'Lyme Regis', 'Charmouth'],
];

export const SETTING_PREFIXES = ['Hillside', 'Meadow', 'Oakfield', 'Riverside', 'Valley', 'Castle', 'Greenway', 'Westfield', 'Harbour', 'Chalk Hill'] as const;

export const EXCEPTION_REASONS = [
  'Family asked for the timescale to be extended',
  'Child absent from the area for four weeks or more',
  'Educational institution closed for four weeks or more',
  'Exceptional personal circumstances of the child or family',
] as const;

export const SUMMARY_ACTIONS = [
  'Tuition arranged for 10 hours a week; attendance plan agreed with school.',
  'Consultation sent to two settings; reply awaited from one.',
  'Reintegration meeting held; part-time timetable in place.',
  'Alternative provision place offered; family considering it.',
  'Health advice requested on sleep and anxiety; home visits continuing.',
] as const;

export const SUMMARY_STEPS = [
  'Increase tuition hours; review attendance weekly.',
  'Chase the setting for a decision on the consultation.',
  'Phased return over three weeks; Inclusion Lead to visit.',
  'Confirm start date at the alternative provision.',
  'Joint visit with the family support worker.',
] as const;

export const CONCERNS = [
  'No education provision since the exclusion.',
  'Attendance below 50% this half term.',
  'Consultation with settings has stalled.',
  'Part-time timetable continuing beyond six weeks.',
  'Family reports the child is not leaving the house.',
] as const;

export const ACTION_TEXTS = [
  'Confirm tuition provider and start date',
  'Chase consultation response from the setting',
  'Arrange a multi-agency meeting with the family',
  'Request updated health advice',
  'Review the part-time timetable with the school',
  'Send the family the list of alternative provision',
] as const;

export const NOTE_TEXTS = [
  'Phone call with parent about the annual review arrangements.',
  'Visit to setting; observed the child in class and met the SENCo.',
  'Email from the school about support in place this term.',
  'Consultation letter sent to the proposed setting.',
  'Telephone call with the educational psychologist.',
  'Met the family at home to discuss the draft plan.',
  'Call with the social worker about the child’s placement.',
] as const;
