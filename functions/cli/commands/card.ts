import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createLoyaltyAdminApi } from '../../../shared/api';
import { membershipCardPdf } from '../../cards';
import { UsageError, type Command } from '../command';
import { commandLine } from '../flags';
import { onWorkbook } from './score';

const HELP = `Usage: regulars card print CUSTOMER_ID --workbook WORKBOOK.xlsx --out CARD.pdf [--json]

Writes a customer's printable membership card as a PDF at bank-card size (85.6 × 54 mm): the business name
(Settings business_name), the customer's name, tier and membership number, and the number as a QR code.
CUSTOMER_ID is a customer id (C-000123) or a membership number; the customer needs a membership number (the
card's Join membership, or Settings membership_rule on scoring). The workbook is only read.

Options:
  --workbook FILE   the .xlsx workbook
  --out FILE        the PDF to write
  --json            print {"out", "customer_id", "membership_no", "tier", "name", "replaced"}
  -h, --help        show this help
`;

interface CardArgs {
  id: string;
  workbook: string;
  out: string;
  json: boolean;
}

function parse(args: readonly string[], cwd: string): CardArgs | 'help' {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '-h' || sub === '--help') return 'help';
  if (sub !== 'print') throw new UsageError(`unknown subcommand "${sub}" (use: regulars card print CUSTOMER_ID ...)`);
  const out: Partial<CardArgs> = { json: false };
  for (const { arg, flag, value } of commandLine(rest)) {
    if (flag === '-h' || flag === '--help') return 'help';
    else if (flag === '--workbook') out.workbook = path.resolve(cwd, value());
    else if (flag === '--out') out.out = path.resolve(cwd, value());
    else if (flag === '--json') out.json = true;
    else if (arg.startsWith('-')) throw new UsageError(`unknown option "${arg}" (see regulars card --help)`);
    else if (out.id === undefined) out.id = arg.trim();
    else throw new UsageError(`one customer at a time: "${arg}" is one too many`);
  }
  if (!out.id) throw new UsageError('name the customer: regulars card print CUSTOMER_ID --workbook W --out card.pdf');
  if (!out.workbook) throw new UsageError('--workbook is required');
  if (!/\.xlsx$/i.test(out.workbook)) throw new UsageError('--workbook must name an .xlsx file');
  if (!out.out) throw new UsageError('--out is required (the PDF to write)');
  if (!/\.pdf$/i.test(out.out)) throw new UsageError('--out must name a .pdf file');
  return out as CardArgs;
}

/** `regulars card print`: a customer's membership card as a PDF. */
export const run: Command = async (args, io) => {
  const parsed = parse(args, io.cwd);
  if (parsed === 'help') {
    io.stdout(HELP);
    return 0;
  }
  const answer = await onWorkbook(parsed.workbook, (wb) => createLoyaltyAdminApi({ workbook: () => wb, now: () => new Date().toISOString(), user: () => 'cli' }).getMembershipCard({ id: parsed.id }));
  if (!answer.ok) {
    for (const issue of answer.issues) io.stderr(`regulars card: ${issue.message}\n`);
    return 2;
  }
  const card = answer.value;
  const pdf = await membershipCardPdf(card);
  await writeFile(parsed.out, pdf.bytes);
  if (pdf.replaced.length > 0) io.stderr(`regulars card: the PDF's fonts cannot print ${pdf.replaced.map((c) => `"${c}"`).join(' ')}; printed as "?"\n`);
  if (parsed.json) io.stdout(`${JSON.stringify({ out: parsed.out, customer_id: card.customerId, membership_no: card.membershipNo, tier: card.tier, name: card.name, replaced: pdf.replaced })}\n`);
  else io.stdout(`wrote ${parsed.out}: ${card.membershipNo}${card.tier ? ` (${card.tier})` : ''}\n`);
  return 0;
};
