/**
 * Queued operations go to the server as one mutation document with an aliased field per
 * operation (`q0: cartItemAdd(input: $q0) ...`). Top-level mutation fields run in order, so later
 * operations see earlier ones.
 */
import {
  CartCheckoutDocument,
  CartClearDocument,
  CartItemAddDocument,
  CartItemRemoveDocument,
  CartItemUpdateDocument,
  CartMergeDocument,
  JourneyPlanCreateDocument,
  JourneyPlanDeleteDocument,
  JourneyPlanTransitionDocument,
  JourneyPlanUpdateDocument,
} from "../generated/graphql.js";
import { NODE_COST as MEASURED_COST } from "../generated/node-costs.js";
import { localIdOf, localRefs, type OperationName, type OutboxEntry } from "./model.js";

export const DOCUMENTS = {
  cartItemAdd: CartItemAddDocument,
  cartItemUpdate: CartItemUpdateDocument,
  cartItemRemove: CartItemRemoveDocument,
  cartClear: CartClearDocument,
  cartMerge: CartMergeDocument,
  cartCheckout: CartCheckoutDocument,
  journeyPlanCreate: JourneyPlanCreateDocument,
  journeyPlanUpdate: JourneyPlanUpdateDocument,
  journeyPlanTransition: JourneyPlanTransitionDocument,
  journeyPlanDelete: JourneyPlanDeleteDocument,
} satisfies Record<OperationName, object>;

/** Operations per request, at most (the API allows 100 aliases). */
export const MAX_BATCH = 20;

/**
 * What each operation's answer costs in the API's node budget (lists counted at their maximum:
 * a cart's 50 lines, a merge's skipped lines), as the server measures the kit's own documents
 * (generated, checked), so a batch planned within NODE_BUDGET is never refused as too large.
 */
export const NODE_COST: Record<OperationName, number> = MEASURED_COST;

/** The API refuses documents over 10,000 nodes; batches stay below this. */
export const NODE_BUDGET = 9000;

/** The API refuses request bodies over 64 KiB; a batch's variables stay below this. */
export const BYTE_BUDGET = 48 * 1024;

/** The API refuses documents over 700 tokens (GRAPHQL_MAX_TOKENS); batches stay below this. */
export const TOKEN_BUDGET = 650;

// GraphQL's lexical tokens: punctuators, names, numbers, strings (commas and whitespace are not
// tokens, comments are stripped first). The kit's documents hold no block strings.
const TOKEN = /\.\.\.|[!$&():=@[\]{|}]|[A-Za-z_]\w*|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|"(?:[^"\\\n]|\\.)*"/g;

/** Lexical tokens in a document, as the API counts them (comments not counted). */
export function tokenCount(query: string): number {
  return query.replace(/#[^\n\r]*/g, "").match(TOKEN)?.length ?? 0;
}

export interface Batch {
  query: string;
  variables: Record<string, unknown>;
  /** The alias of each entry's field, in order. */
  aliases: string[];
}

interface Parts {
  /** The operation's variable definitions, as written: "$input: CartItemAddInput!". */
  variables: string;
  /** The operation's one field with its arguments and selection. */
  field: string;
  /** The fragments the document carries, by name. */
  fragments: Map<string, string>;
}

/** The index of the brace that closes the one at `open` (the kit's documents hold no strings). */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return i;
  }
  throw new Error("unbalanced document");
}

const parts = new Map<OperationName, Parts>();

/** A generated mutation document taken apart, whitespace collapsed (no strings in it to keep). */
function partsOf(op: OperationName): Parts {
  let found = parts.get(op);
  if (found) return found;
  const text = DOCUMENTS[op].toString().replace(/\s+/g, " ");
  const head = /^\s*mutation\s+\w+\s*(?:\(([^)]*)\))?\s*\{/.exec(text);
  if (!head) throw new Error(`${op}: not a mutation document`);
  const end = closing(text, head[0].length - 1);
  const fragments = new Map<string, string>();
  const fragment = /fragment\s+(\w+)\s+on\s+\w+\s*\{/g;
  fragment.lastIndex = end;
  for (let match = fragment.exec(text); match; match = fragment.exec(text)) {
    const close = closing(text, match.index + match[0].length - 1);
    fragments.set(match[1]!, text.slice(match.index, close + 1));
    fragment.lastIndex = close + 1;
  }
  found = { variables: head[1]?.trim() ?? "", field: text.slice(head[0].length, end).trim(), fragments };
  parts.set(op, found);
  return found;
}

export function buildBatch(entries: readonly OutboxEntry[]): Batch {
  if (entries.length === 0 || entries.length > MAX_BATCH) throw new Error(`a batch holds 1..${MAX_BATCH} operations`);
  const variableDefinitions: string[] = [];
  const selections: string[] = [];
  const fragments = new Map<string, string>();
  const variables: Record<string, unknown> = {};
  const aliases: string[] = [];
  entries.forEach((entry, index) => {
    const alias = `q${index}`;
    const { variables: definitions, field, fragments: carried } = partsOf(entry.operation.op);
    const rename = (text: string) => text.replace(/\$(\w+)/g, (_, name: string) => `$${alias}_${name}`);
    if (definitions) variableDefinitions.push(rename(definitions));
    selections.push(`${alias}: ${rename(field)}`);
    for (const [name, text] of carried) fragments.set(name, text);
    if ("input" in entry.operation) variables[`${alias}_input`] = entry.operation.input;
    aliases.push(alias);
  });
  const head = variableDefinitions.length ? `(${variableDefinitions.join(", ")})` : "";
  const query = [`mutation OutboxReplay${head} { ${selections.join(" ")} }`, ...fragments.values()].join(" ");
  return { query, variables, aliases };
}

/**
 * The entries that can go in the next request: consecutive from the head of the outbox, within
 * every budget above, and none naming an object that an earlier one of the same batch creates
 * (that one waits for the real id).
 */
export function planBatch(outbox: readonly OutboxEntry[], maxBatch: number): OutboxEntry[] {
  const batch: OutboxEntry[] = [];
  const making = new Set<string>();
  let cost = 0;
  let bytes = 0;
  for (const entry of outbox) {
    cost += NODE_COST[entry.operation.op];
    bytes += JSON.stringify(entry.operation).length;
    if (batch.length >= maxBatch || (batch.length > 0 && (cost > NODE_BUDGET || bytes > BYTE_BUDGET))) break;
    if (localRefs(entry.operation).some((ref) => making.has(ref.split(":").slice(0, 2).join(":")))) break;
    batch.push(entry);
    if (batch.length > 1 && tokenCount(buildBatch(batch).query) > TOKEN_BUDGET) {
      batch.pop();
      break;
    }
    making.add(localIdOf(entry));
  }
  return batch;
}
