// A small hand-written client over the generated types (schema.d.ts, made by
// scripts/api-contract from /api/openapi.json). `tsc --noEmit` (strict) on
// this file proves the generated types can be used, and breaks when an
// operation used here changes shape or disappears from the document.
import type { components, paths } from "./schema";

export type Problem = components["schemas"]["Problem"];
export type TokenRequest = paths["/api/v1/auth/tokens"]["post"]["requestBody"]["content"]["application/json"];
export type TokenResponse = paths["/api/v1/auth/tokens"]["post"]["responses"][201]["content"]["application/json"];
export type Me = paths["/api/v1/me"]["get"]["responses"][200]["content"]["application/json"];
export type SearchResponse = paths["/api/v1/search"]["get"]["responses"][200]["content"]["application/json"];
export type Listing = paths["/api/v1/listings/{id}"]["get"]["responses"][200]["content"]["application/json"];
export type Categories = paths["/api/v1/categories"]["get"]["responses"][200]["content"]["application/json"];

// None of them may silently be `any`.
type IsAny<T> = 0 extends 1 & T ? true : false;
type NotAny<T> = IsAny<T> extends true ? never : true;
export const typed: [
  NotAny<Problem>,
  NotAny<TokenResponse>,
  NotAny<SearchResponse>,
  NotAny<Listing>,
  NotAny<Categories>,
] = [true, true, true, true, true];

async function call<T>(res: Promise<Response>): Promise<T> {
  const r = await res;
  if (!r.ok) {
    const p = (await r.json()) as Problem;
    throw new Error(`${p.status} ${p.title}: ${p.detail ?? ""}`);
  }
  return (await r.json()) as T;
}

export class DoveClient {
  constructor(
    private readonly base: string,
    private token?: string,
  ) {}

  private headers(): Record<string, string> {
    const h: Record<string, string> = { "Content-Type": "application/json" };
    if (this.token !== undefined) h["Authorization"] = `Bearer ${this.token}`;
    return h;
  }

  async signIn(req: TokenRequest): Promise<Me> {
    const t = await call<TokenResponse>(
      fetch(`${this.base}/api/v1/auth/tokens`, { method: "POST", headers: this.headers(), body: JSON.stringify(req) }),
    );
    this.token = t.token;
    const expires: number = t.expires_at;
    void expires;
    return t.user;
  }

  me(): Promise<Me> {
    return call<Me>(fetch(`${this.base}/api/v1/me`, { headers: this.headers() }));
  }

  search(q: string, page = 1): Promise<SearchResponse> {
    const query = new URLSearchParams({ q, page: String(page) });
    return call<SearchResponse>(fetch(`${this.base}/api/v1/search?${query}`, { headers: this.headers() }));
  }

  listing(id: string): Promise<Listing> {
    return call<Listing>(fetch(`${this.base}/api/v1/listings/${encodeURIComponent(id)}`, { headers: this.headers() }));
  }

  categories(): Promise<Categories> {
    return call<Categories>(fetch(`${this.base}/api/v1/categories`));
  }
}

// Field access that must type-check against the document.
export function summary(r: SearchResponse): string {
  const pages: number = r.pages;
  const hint: string | null | undefined = r.did_you_mean;
  return `${r.total} results, page ${r.page} of ${pages}${hint ? ` (did you mean ${hint}?)` : ""}`;
}

export function where(l: Listing): string {
  const town: string | null | undefined = l.location.town;
  const cover: string | undefined = l.photos[0]?.jpeg[0];
  return `${l.title} (${l.status}) in ${town ?? "Kenya"}${cover ? `, cover ${cover}` : ""}`;
}

export function categorySlugs(cs: Categories): string[] {
  return cs.filter((c) => c.kind === "product").map((c) => c.slug);
}

export function whoami(me: Me): string {
  return `${me.name} <${me.email}> as ${me.role}${me.store ? `, store ${me.store.slug}` : ""}`;
}
