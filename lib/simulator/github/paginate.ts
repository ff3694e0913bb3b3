/** GitHub-style page slicing plus the `Link` header `octokit.paginate` follows. */

const DEFAULT_PER_PAGE = 30;
const MAX_PER_PAGE = 100;

function positiveInt(raw: string | null, fallback: number): number {
  const n = raw === null ? NaN : Number.parseInt(raw, 10);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

export interface Page<T> {
  items: T[];
  /** Undefined when everything fits on one page. */
  link: string | undefined;
}

/** `url` is the absolute request URL; its other query parameters are kept in the links. */
export function paginate<T>(all: readonly T[], url: URL): Page<T> {
  const perPage = Math.min(MAX_PER_PAGE, positiveInt(url.searchParams.get("per_page"), DEFAULT_PER_PAGE));
  const page = positiveInt(url.searchParams.get("page"), 1);
  const last = Math.max(1, Math.ceil(all.length / perPage));
  const items = all.slice((page - 1) * perPage, page * perPage);

  const to = (p: number): string => {
    const u = new URL(url);
    u.searchParams.set("per_page", String(perPage));
    u.searchParams.set("page", String(p));
    return `<${u.toString()}>`;
  };
  const rels: string[] = [];
  if (page > 1) rels.push(`${to(Math.min(page - 1, last))}; rel="prev"`);
  if (page < last) rels.push(`${to(page + 1)}; rel="next"`, `${to(last)}; rel="last"`);
  if (page > 1) rels.push(`${to(1)}; rel="first"`);
  return { items, link: rels.length > 0 ? rels.join(", ") : undefined };
}
