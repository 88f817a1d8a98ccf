// Writes a register the way councils keep one (title row, merged group headings, day-first dates,
// some Excel dates, a few blank lines), with headings matching docs/sample-mapping.json.
//   npx tsx scripts/sample-register.ts docs/sample-register.xlsx [ROWS]   (also writes docs/sample-register-people.json: the staff it names)
// Rows are made up from the demo generator's case file, so the names are fictional.
import ExcelJS from 'exceljs';
import type { Case, CaseFile } from '../src/domain/model.js';

const HEADINGS = [
  'Case ref',
  'Child name',
  'DOB',
  'School',
  'School URN',
  'Team',
  'Locality',
  'Primary need',
  'Child in care',
  'Lead professional',
  'Inclusion lead',
  'Request received',
  'Decision',
  'Decision date',
  'Final plan issued',
  'Last annual review',
  'CMOOE',
  'CMOOE reason',
  'CMOOE since',
  'Permanent exclusion',
];
const GROUPS: Array<[string, number, number]> = [
  ['Child', 1, 9],
  ['Staff', 10, 11],
  ['Assessment', 12, 14],
  ['Plan', 15, 16],
  ['Missing out on education', 17, 20],
];
const REASONS: Record<string, string> = {
  'suspended-no-provision': 'Suspended - no provision',
  'excluded-no-provision': 'Excluded - no provision',
  'permanent-exclusion': 'Permanent exclusion',
  'missing-attendance': 'Missing attendance',
};

const ukDate = (iso: string | null | undefined) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : null);
const excelDate = (iso: string | null | undefined) => (iso ? new Date(`${iso}T00:00:00Z`) : null);

export function registerRow(c: Case, file: CaseFile, i: number): unknown[] {
  const person = (id: string | null) => (id ? (file.people.find((p) => p.id === id)?.email ?? null) : null);
  const date = i % 3 === 0 ? excelDate : ukDate;
  const lastReview = [...c.reviews].reverse().find((r) => r.meetingOn <= '2026-11-23')?.meetingOn ?? null;
  const openCmooe = c.cmooe.find((p) => p.to === null) ?? null;
  return [
    c.id,
    c.childName,
    date(c.dateOfBirth),
    c.setting,
    c.settingUrn,
    c.team,
    c.locality,
    c.primaryNeed,
    c.childInCare ? 'Yes' : 'No',
    person(c.leadProfessionalId),
    person(c.inclusionLeadId),
    date(c.assessment?.requestedOn),
    c.assessment?.decision === 'assess' ? 'Yes' : c.assessment?.decision === 'not-assess' ? 'No' : null,
    date(c.assessment?.decisionOn),
    date(c.plan?.issuedOn),
    date(lastReview),
    openCmooe ? 'Yes' : 'No',
    openCmooe ? REASONS[openCmooe.reason] : null,
    date(openCmooe?.from),
    date(c.exclusions[0]?.permanentFrom),
  ];
}

export async function writeRegister(file: string, caseFile: CaseFile, rows: number): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Register');
  ws.addRow(['SEND register (made-up sample data)']);
  ws.mergeCells(1, 1, 1, HEADINGS.length);
  const groups = new Array(HEADINGS.length).fill(null);
  for (const [name, from] of GROUPS) groups[from - 1] = name;
  ws.addRow(groups);
  for (const [, from, to] of GROUPS) ws.mergeCells(2, from, 2, to);
  ws.addRow(HEADINGS).font = { bold: true };
  // Case references of their own (C-9001...), so that the sample adds new cases to the demo service
  // (C-1001...) rather than rewriting its cases with another child's dates.
  caseFile.cases
    .slice(0, rows)
    .map((c, i) => ({ ...c, id: `C-${9001 + i}` }))
    .forEach((c, i) => {
      ws.addRow(registerRow(c, caseFile, i));
      if (i % 250 === 249) ws.addRow([]);
    });
  for (const col of [3, 12, 14, 15, 16, 19, 20]) ws.getColumn(col).numFmt = 'dd/mm/yyyy';
  await wb.xlsx.writeFile(file);
}

if (process.argv[1]?.endsWith('sample-register.ts')) {
  const [, , out = 'docs/sample-register.xlsx', rowsText = '25'] = process.argv;
  const { generateDemo } = await import('../src/domain/demo.js');
  const rows = Number(rowsText);
  const caseFile = generateDemo({ cases: Math.max(rows, 40), seed: 3, today: '2026-11-23' });
  await writeRegister(out, caseFile, rows);
  const peopleOut = out.replace(/\.xlsx$/, '-people.json');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(peopleOut, JSON.stringify({ meetingSeries: caseFile.meetingSeries, people: caseFile.people }, null, 2) + '\n');
  console.log(`wrote ${out} (${rows} children) and ${peopleOut} (the staff the register names)`);
}
