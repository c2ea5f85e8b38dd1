import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import type { Flash, Tone } from "./context.js";
import { FLASH_COOKIE, isSecure } from "./session.js";
import { EN, type Locale, type Params, type StringId, t } from "./strings.js";

/**
 * One-time messages across a redirect (post/redirect/get): `redirectWithFlash(c, url, tone, id, params)` after a
 * successful POST; the next page shows it once (the layout reads `view.flash`). Only string ids travel in the
 * cookie, never text, so nothing a user typed is echoed from a cookie into a page.
 */
const FlashCookie = z.strictObject({
  tone: z.enum(["neutral", "info", "success", "warning", "danger"]),
  id: z.string().refine((id) => id in EN),
  params: z.record(z.string(), z.union([z.string().max(200), z.number()])).default({}),
});

export function redirectWithFlash(
  c: Context,
  location: string,
  tone: Tone,
  id: StringId,
  params: Params = {},
): Response {
  const value = Buffer.from(JSON.stringify({ tone, id, params })).toString("base64url");
  setCookie(c, FLASH_COOKIE, value, {
    path: "/",
    httpOnly: true,
    secure: isSecure(c),
    sameSite: "Lax",
    maxAge: 60,
  });
  return c.redirect(location, 303);
}

/** Reads and clears the flash left by the previous response. */
export function takeFlash(c: Context, locale: Locale): Flash | undefined {
  const raw = getCookie(c, FLASH_COOKIE);
  if (!raw) return undefined;
  deleteCookie(c, FLASH_COOKIE, { path: "/", secure: isSecure(c) });
  try {
    const parsed = FlashCookie.safeParse(JSON.parse(Buffer.from(raw, "base64url").toString("utf8")));
    if (!parsed.success) return undefined;
    return { tone: parsed.data.tone, text: t(locale, parsed.data.id as StringId, parsed.data.params) };
  } catch {
    return undefined;
  }
}
