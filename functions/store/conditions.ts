import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import type { StageStateCheck } from "../core/ports.js";
import { KEY, TTL_ATTRIBUTE } from "./table.js";

/** A condition expression with its own placeholders, so two can be joined without clashing. */
export type Condition = {
  expression: string;
  names: Record<string, string>;
  values: Record<string, AttributeValue>;
};

export const notExists = (): Condition => ({
  expression: "attribute_not_exists(#pk)",
  names: { "#pk": KEY.pk },
  values: {},
});

export function versionCondition(expected: number | null): Condition {
  if (expected === null) return notExists();
  return {
    expression: "#version = :expected",
    names: { "#version": "version" },
    values: { ":expected": { N: String(expected) } },
  };
}

export function stateCondition(check: StageStateCheck): Condition {
  if (check.states.length === 0) throw new Error(`a state check on ${check.stage} lists no states`);
  const placeholders = check.states.map((_, i) => `:s${i}`);
  return {
    expression: `#state IN (${placeholders.join(", ")})`,
    names: { "#state": "state" },
    values: Object.fromEntries(check.states.map((state, i) => [`:s${i}`, { S: state }])),
  };
}

// An expired record that TTL has not deleted yet must not block the key's next use.
export function unusedOrExpired(nowSeconds: number): Condition {
  return {
    expression: "attribute_not_exists(#pk) OR #expiresAt <= :now",
    names: { "#pk": KEY.pk, "#expiresAt": TTL_ATTRIBUTE },
    values: { ":now": { N: String(nowSeconds) } },
  };
}

export function and(a: Condition, b: Condition): Condition {
  return {
    expression: `(${a.expression}) AND (${b.expression})`,
    names: { ...a.names, ...b.names },
    values: { ...a.values, ...b.values },
  };
}

/** The condition as the parameters of one transaction action. */
export function expression(condition: Condition) {
  return {
    ConditionExpression: condition.expression,
    ExpressionAttributeNames: condition.names,
    ...(Object.keys(condition.values).length > 0 ? { ExpressionAttributeValues: condition.values } : {}),
    // The old item comes back with the cancellation reason: the error can say which version or state won.
    ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const,
  };
}
