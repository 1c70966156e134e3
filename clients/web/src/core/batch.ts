/**
 * Queued operations go to the server as one mutation document with an aliased field per
 * operation (`q0: cartItemAdd(input: $q0) ...`). Top-level mutation fields run in order, so later
 * operations see earlier ones.
 */
import {
  Kind,
  print,
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
import type { OperationName, OutboxEntry } from "./model";

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

/**
 * Operations per request. Each returns a whole cart or plan (up to 50 lines or services), so 20
 * stay well inside the API's node budget (10,000), its 100 aliases and its 64 KiB of text.
 */
export const MAX_BATCH = 20;

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
