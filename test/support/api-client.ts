import { expect } from "vitest";

export type ApiResponse<T = unknown> = { status: number; body: T; headers: Headers };

/** A tiny HTTP client for tests that talk to a running server, as a script or a person would. */
export function apiClient(baseUrl: string) {
  async function call<T = unknown>(
    method: string,
    path: string,
    token: string | undefined,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (e.g. the docs page): keep the text
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }
  return {
    get: <T = unknown>(path: string, token?: string) => call<T>("GET", path, token),
    post: <T = unknown>(
      path: string,
      token: string | undefined,
      body: unknown,
      headers?: Record<string, string>,
    ) => call<T>("POST", path, token, body, headers),
    put: <T = unknown>(path: string, token: string | undefined, body: unknown) =>
      call<T>("PUT", path, token, body),
  };
}

/** Asserts the status, showing the body when it differs (the error message says what went wrong). */
export function expectStatus(res: ApiResponse, status: number): void {
  expect(res.status, `HTTP ${res.status}: ${JSON.stringify(res.body)}`).toBe(status);
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs` with the last seen state. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
