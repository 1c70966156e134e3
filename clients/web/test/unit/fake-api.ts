import { Kind, parse, valueFromASTUntyped, type FieldNode, type OperationDefinitionNode } from "graphql";
import type { Transport } from "../../src/core/transport";
import { ApiError } from "../../src/core/errors";

export type Handler = (field: string, input: Record<string, unknown> | undefined, args?: Record<string, unknown>) => unknown;

/** A transport that answers each top-level field through `handle`, and records what was sent. */
export function fakeApi(handle: Handler) {
  const sent: { query: string; fields: string[]; variables: Record<string, unknown> }[] = [];
  let failing: ApiError | null = null;
  let hold: Promise<void> | null = null;
  async function answer(query: string, variables: Record<string, unknown> = {}) {
    if (hold) await hold;
    if (failing) throw failing;
    const operation = parse(query).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
    const data: Record<string, unknown> = {};
    const fields: string[] = [];
    for (const selection of operation.selectionSet.selections as FieldNode[]) {
      const argument = selection.arguments?.find((a) => a.name.value === "input");
      let input: Record<string, unknown> | undefined;
      if (argument?.value.kind === Kind.VARIABLE) input = variables[argument.value.name.value] as Record<string, unknown>;
      const args = Object.fromEntries((selection.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value, variables)]));
      fields.push(selection.name.value);
      data[selection.alias?.value ?? selection.name.value] = handle(selection.name.value, input, args);
    }
    sent.push({ query, fields, variables });
    return data;
  }
  const transport: Transport = {
    request: (document, variables) => answer(document.toString(), variables as Record<string, unknown>) as never,
    requestText: (query, variables) => answer(query, variables),
  };
  return {
    transport,
    sent,
    fail(error: ApiError | null) {
      failing = error;
    },
    holdUntil(promise: Promise<void> | null) {
      hold = promise;
    },
  };
}
