// The subject access export as a Word document a family can read: what it is and what it holds in
// plain words, a contents list, one heading per section with a sentence on what it is, facts as
// label/value tables, records as tables, and the words the service uses explained at the end.
import { AlignmentType, BorderStyle, Document, Footer, HeadingLevel, Packer, PageNumber, Paragraph, ShadingType, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { SarBlock } from './types.js';
import type { SubjectAccessBundle } from './index.js';
import { longDay } from './sections.js';

const FONT = 'Arial';

function run(value: string, options: { bold?: boolean; size?: number; color?: string; italics?: boolean } = {}): TextRun {
  return new TextRun({ text: value, font: FONT, bold: options.bold, italics: options.italics, size: options.size ?? 22, color: options.color });
}

function para(value: string | TextRun[], after = 120): Paragraph {
  return new Paragraph({ children: typeof value === 'string' ? [run(value)] : value, spacing: { after } });
}

function heading(value: string, level: 1 | 2 | 3): Paragraph {
  const map = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;
  const size = { 1: 36, 2: 28, 3: 24 }[level];
  return new Paragraph({ heading: map[level], keepNext: true, children: [run(value, { bold: true, size, color: '1F3864' })], spacing: { before: level === 1 ? 0 : 280, after: 120 } });
}

function cell(value: string, header = false, width?: number): TableCell {
  return new TableCell({
    children: (value === '' ? ['—'] : value.split('\n')).map((line) => new Paragraph({ children: [run(line, { bold: header, size: 20 })] })),
    shading: header ? { type: ShadingType.CLEAR, color: 'auto', fill: 'D9E2F3' } : undefined,
    width: width ? { size: width, type: WidthType.PERCENTAGE } : undefined,
    margins: { top: 60, bottom: 60, left: 100, right: 100 },
  });
}

const BORDERS = {
  top: { style: BorderStyle.SINGLE, size: 4, color: '808080' },
  bottom: { style: BorderStyle.SINGLE, size: 4, color: '808080' },
  left: { style: BorderStyle.SINGLE, size: 4, color: '808080' },
  right: { style: BorderStyle.SINGLE, size: 4, color: '808080' },
  insideHorizontal: { style: BorderStyle.SINGLE, size: 2, color: 'BFBFBF' },
  insideVertical: { style: BorderStyle.SINGLE, size: 2, color: 'BFBFBF' },
};

function table(columns: readonly string[], rows: ReadonlyArray<readonly string[]>): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [new TableRow({ tableHeader: true, children: columns.map((c) => cell(c, true)) }), ...rows.map((r) => new TableRow({ children: r.map((v) => cell(v)) }))],
    borders: BORDERS,
  });
}

function facts(rows: ReadonlyArray<readonly [string, string]>): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(([label, value]) => new TableRow({ children: [cell(label, true, 35), cell(value, false, 65)] })),
    borders: BORDERS,
  });
}

function blocks(list: readonly SarBlock[]): Array<Paragraph | Table> {
  const out: Array<Paragraph | Table> = [];
  for (const b of list) {
    switch (b.kind) {
      case 'text':
        out.push(para(b.text));
        break;
      case 'heading':
        out.push(heading(b.text, 3));
        break;
      case 'facts':
        out.push(facts(b.rows), para('', 60));
        break;
      case 'table':
        out.push(table(b.columns, b.rows), para('', 60));
        break;
    }
  }
  return out;
}

/** Words a family may not know, as the document uses them. */
const GLOSSARY: ReadonlyArray<readonly [string, string]> = [
  ['EHC plan', "An education, health and care plan: the legal document that sets out a child's special educational needs and the help they must get."],
  ['EHC needs assessment', "The local authority's assessment of whether a child needs an EHC plan."],
  ['Annual review', 'The meeting, at least once a year, that looks at whether the plan is still right.'],
  ['CMOOE', 'Children missing out on education: children not getting the education they should, for example after an exclusion. They are discussed at a fortnightly oversight meeting.'],
  ['Lead professional', 'The member of staff (a SEND caseworker or social worker) who looks after the case.'],
  ['Inclusion lead', 'The member of staff who looks after children missing out on education.'],
  ['PS, QA, DT', "The council's SEND Practice Standards (PS) and Quality Assurance framework (QA), and Durham's SEND toolkit (DT): the paragraphs each timescale comes from."],
  ['[another child], [another case]', "Where a note or a shared document named another child, or gave another child's case reference, it has been replaced by these words."],
];

export function subjectAccessDocument(bundle: SubjectAccessBundle): Document {
  const children: Array<Paragraph | Table> = [
    heading(`Information we hold about ${bundle.childName}`, 1),
    para([run(`Case reference ${bundle.caseId}. Prepared on ${longDay(bundle.preparedOn)}`, { bold: true }), run(bundle.preparedBy ? ` by ${bundle.preparedBy}, information governance.` : '.')]),
    para(
      `This document answers a request to see the personal information the council's SEND service holds about ${bundle.childName} in SEND Oversight, the system it uses to keep track of education, health and care plans and their timescales (UK GDPR, Article 15). ` +
        'It lists everything that system holds about your child, in the sections below. Where a note or a shared document such as a meeting agenda also named other children, their names and case references have been taken out.',
    ),
    para(
      'Other council records (for example letters, reports and the EHC plan itself) are kept in other systems and are answered separately. If anything here is wrong, you can ask for it to be corrected.',
    ),
    heading('What this document contains', 2),
    ...bundle.sections.map((s, i) => para(`${i + 1}. ${s.title}${s.count === 0 ? ' (nothing held)' : ''}`, 40)),
  ];
  bundle.sections.forEach((s, i) => {
    children.push(heading(`${i + 1}. ${s.title}`, 2), para([run(s.intro, { italics: true })]));
    if (s.count === 0) children.push(para('Nothing of this kind is held.'));
    else children.push(...blocks(s.blocks));
  });
  children.push(heading('Words used in this document', 2), facts(GLOSSARY));
  return new Document({
    creator: 'SEND Oversight',
    title: `Subject access: ${bundle.caseId}`,
    description: `Information held about case ${bundle.caseId}`,
    styles: { default: { document: { run: { font: FONT, size: 22 } } } },
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1000, bottom: 1000, left: 1100, right: 1100 } } },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  run(`OFFICIAL-SENSITIVE (personal data). ${bundle.caseId}.   Page `, { size: 16 }),
                  new TextRun({ children: [PageNumber.CURRENT], size: 16, font: FONT }),
                  run(' of ', { size: 16 }),
                  new TextRun({ children: [PageNumber.TOTAL_PAGES], size: 16, font: FONT }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
}

export async function subjectAccessDocx(bundle: SubjectAccessBundle): Promise<Buffer> {
  return Packer.toBuffer(subjectAccessDocument(bundle));
}
