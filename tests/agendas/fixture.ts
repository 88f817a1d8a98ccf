// A small hand-made service for the agenda tests: dates and expected figures are computed by hand
// from docs/rules.md (sections 2, 4, 5), not from the code.
import { readCaseFile } from '../../src/domain/validate.js';
import type { CaseFile, CaseFileInput } from '../../src/domain/model.js';

type CaseIn = NonNullable<CaseFileInput['cases']>[number];

export function child(id: string, over: Partial<CaseIn> = {}): CaseIn {
  return {
    id,
    childName: `Child ${id.replace(/\W/g, '')} Example`,
    dateOfBirth: '2014-03-03',
    childInCare: false,
    team: 'North',
    locality: 'North',
    setting: 'Hillside Academy',
    leadProfessionalId: 'p1',
    inclusionLeadId: 'p3',
    ...over,
  };
}

export function service(over: Partial<CaseFileInput> = {}): CaseFile {
  return readCaseFile({
    meetingSeries: [
      { id: 'cmooe', title: 'CMOOE oversight', firstMeetingOn: '2026-11-26', everyDays: 14 },
      { id: 'cic-cmooe', title: 'Children in Care CMOOE', firstMeetingOn: '2026-11-27', everyDays: 14 },
    ],
    people: [
      { id: 'p1', name: 'Alex Reed', roles: ['provision-lead'], team: 'North', locality: 'North', managerId: 'p9' },
      { id: 'p3', name: 'Priya Shah', roles: ['inclusion-lead'], team: 'North', locality: 'North', managerId: 'p9' },
      { id: 'p9', name: 'Sam Okoro', roles: ['team-manager'], team: 'North', locality: 'North' },
      { id: 'p30', name: 'Chris Chair', roles: ['cmooe-chair'], chairs: ['cmooe', 'cic-cmooe'] },
      { id: 'p31', name: 'Vic School', roles: ['virtual-school'] },
    ],
    ...over,
  });
}
