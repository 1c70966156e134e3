/** Exact decimal arithmetic on the API's decimal strings (never JS numbers: money must not round). */
export interface Money {
  amount: string;
  currencyCode: string;
}

function parse(amount: string): { units: bigint; scale: number } {
  const [whole = "0", fraction = ""] = amount.split(".");
  return { units: BigInt(whole + fraction), scale: fraction.length };
}

function format(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, "0");
  const text = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return negative ? `-${text}` : text;
}

export function times(amount: string, factor: number): string {
  const { units, scale } = parse(amount);
  return format(units * BigInt(factor), scale);
}

export function plus(a: string, b: string): string {
  const x = parse(a);
  const y = parse(b);
  const scale = Math.max(x.scale, y.scale);
  const align = (v: { units: bigint; scale: number }) => v.units * 10n ** BigInt(scale - v.scale);
  return format(align(x) + align(y), scale);
}

/** Sums per currency, sorted by currency code (as the API sorts `subtotals`). */
export function sumByCurrency(amounts: Money[]): Money[] {
  const totals = new Map<string, string>();
  for (const money of amounts) {
    const current = totals.get(money.currencyCode);
    totals.set(money.currencyCode, current === undefined ? money.amount : plus(current, money.amount));
  }
  return [...totals.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([currencyCode, amount]) => ({ amount, currencyCode }));
}
