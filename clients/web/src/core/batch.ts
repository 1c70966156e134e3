/**
 * Queued operations go to the server as one mutation document with an aliased field per
 * operation (`q0: cartItemAdd(input: $q0) ...`). Top-level mutation fields run in order, so later
 * operations see earlier ones.
 */
import {
  Kind,
  Lexer,
  print,
  Source,
  TokenKind,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type VariableDefinitionNode,
} from "graphql";
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
} from "../generated/graphql";
import { localIdOf, localRefs, type OperationName, type OutboxEntry } from "./model";

export const DOCUMENTS: Record<OperationName, DocumentNode> = {
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
};

/** Operations per request, at most (the API allows 100 aliases). */
export const MAX_BATCH = 20;

/**
 * What each operation's answer costs in the API's node budget (lists counted at their maximum:
 * a cart's 50 lines, a merge's skipped lines). A test on the API side checks these against the
 * server's own measure, so a batch planned within NODE_BUDGET is never refused as too large.
 */
export const NODE_COST: Record<OperationName, number> = {
  cartItemAdd: 280,
  cartItemUpdate: 290,
  cartItemRemove: 280,
  cartClear: 530,
  cartMerge: 1400,
  cartCheckout: 480,
  journeyPlanCreate: 230,
  journeyPlanUpdate: 430,
  journeyPlanTransition: 430,
  journeyPlanDelete: 30,
};

/** The API refuses documents over 10,000 nodes; batches stay below this. */
export const NODE_BUDGET = 9000;

/** The API refuses request bodies over 64 KiB; a batch's variables stay below this. */
export const BYTE_BUDGET = 48 * 1024;

/** The API refuses documents over 700 tokens (GRAPHQL_MAX_TOKENS); batches stay below this. */
export const TOKEN_BUDGET = 650;

/** Lexical tokens in a document, as the API counts them (comments not counted). */
export function tokenCount(query: string): number {
  const lexer = new Lexer(new Source(query));
  let count = 0;
  while (lexer.advance().kind !== TokenKind.EOF) count += 1;
  return count;
}

export interface Batch {
  query: string;
  variables: Record<string, unknown>;
  /** The alias of each entry's field, in order. */
  aliases: string[];
}

function operationOf(document: DocumentNode): OperationDefinitionNode {
  const found = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (!found) throw new Error("no operation in document");
  return found;
}

export function buildBatch(entries: readonly OutboxEntry[]): Batch {
  if (entries.length === 0 || entries.length > MAX_BATCH) throw new Error(`a batch holds 1..${MAX_BATCH} operations`);
  const variableDefinitions: VariableDefinitionNode[] = [];
  const selections: FieldNode[] = [];
  const fragments = new Map<string, FragmentDefinitionNode>();
  const variables: Record<string, unknown> = {};
  const aliases: string[] = [];
  entries.forEach((entry, index) => {
    const alias = `q${index}`;
    const document = DOCUMENTS[entry.operation.op];
    const operation = operationOf(document);
    const rename = (name: string) => `${alias}_${name}`;
    for (const definition of operation.variableDefinitions ?? []) {
      variableDefinitions.push({ ...definition, variable: { ...definition.variable, name: { kind: Kind.NAME, value: rename(definition.variable.name.value) } } });
    }
    const [field] = operation.selectionSet.selections as FieldNode[];
    if (!field) throw new Error("no field in operation");
    const renamed = visit(field, {
      Variable: (node) => ({ ...node, name: { kind: Kind.NAME, value: rename(node.name.value) } }),
    });
    selections.push({ ...renamed, alias: { kind: Kind.NAME, value: alias } });
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    if ("input" in entry.operation) variables[rename("input")] = entry.operation.input;
    aliases.push(alias);
  });
  const replay: OperationDefinitionNode = {
    kind: Kind.OPERATION_DEFINITION,
    operation: "mutation" as OperationDefinitionNode["operation"],
    name: { kind: Kind.NAME, value: "OutboxReplay" },
    variableDefinitions,
    directives: [],
    selectionSet: { kind: Kind.SELECTION_SET, selections },
  };
  const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [replay, ...fragments.values()] };
  return { query: print(document), variables, aliases };
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
