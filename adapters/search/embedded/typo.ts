/**
 * Fuzzy term lookup: a character trie walked with a Damerau–Levenshtein (optimal string
 * alignment) row per node, pruned as soon as a row's minimum exceeds the allowed typos.
 * One walk costs about (query length × visited nodes), independent of how many documents
 * there are, and the same walk answers prefix matches for the last query word.
 */

/** Meilisearch's default budget: 0 typos below 5 characters, 1 up to 8, 2 from 9. */
export function maxTypos(word: string): number {
  return word.length < 5 ? 0 : word.length < 9 ? 1 : 2;
}

interface Node {
  children: Map<number, Node>;
  /** Set when a dictionary term ends here. */
  term: string | null;
}

const newNode = (): Node => ({ children: new Map(), term: null });

/** A term of the dictionary and the typos needed to reach it. */
export interface FuzzyMatch {
  term: string;
  typos: number;
  /** True when the query word is only a prefix of the term. */
  prefix: boolean;
}

/** The term dictionary of one index. Terms are never removed; a rebuild drops stale ones. */
export class TermTrie {
  private readonly root = newNode();
  size = 0;

  add(term: string): void {
    let node = this.root;
    for (let i = 0; i < term.length; i++) {
      const c = term.charCodeAt(i);
      let next = node.children.get(c);
      if (next === undefined) {
        next = newNode();
        node.children.set(c, next);
      }
      node = next;
    }
    if (node.term === null) {
      node.term = term;
      this.size++;
    }
  }

  /**
   * Every term within `typos` edits of `word`; with `prefix`, also every term that starts
   * with something within `typos` edits of `word`. Each term is reported once, with its
   * smallest typo count.
   */
  lookup(word: string, typos: number, prefix: boolean): FuzzyMatch[] {
    const n = word.length;
    const w = new Int32Array(n);
    for (let i = 0; i < n; i++) w[i] = word.charCodeAt(i);
    const found = new Map<string, FuzzyMatch>();
    const first = new Int32Array(n + 1);
    for (let j = 0; j <= n; j++) first[j] = j;
    if (this.root.term !== null && n <= typos) found.set(this.root.term, { term: this.root.term, typos: n, prefix: false });

    const visit = (node: Node, ch: number, prev: Int32Array, prevPrev: Int32Array | null, prevCh: number, bestPrefix: number): void => {
      const row = new Int32Array(n + 1);
      row[0] = prev[0]! + 1;
      let min = row[0];
      for (let j = 1; j <= n; j++) {
        const cost = w[j - 1] === ch ? 0 : 1;
        let v = Math.min(row[j - 1]! + 1, prev[j]! + 1, prev[j - 1]! + cost);
        // A swap of two neighbouring letters ("verpelegkundige") is one typo, as in Meilisearch.
        if (prevPrev !== null && j > 1 && w[j - 1] === prevCh && w[j - 2] === ch) v = Math.min(v, prevPrev[j - 2]! + 1);
        row[j] = v;
        if (v < min) min = v;
      }
      const whole = row[n]!;
      const viaPrefix = prefix ? Math.min(bestPrefix, whole) : Infinity;
      if (node.term !== null) {
        const exact = whole <= typos ? whole : Infinity;
        const best = Math.min(exact, viaPrefix);
        if (best <= typos) found.set(node.term, { term: node.term, typos: best, prefix: exact > best });
      }
      if (min > typos && viaPrefix > typos) return;
      for (const [c, child] of node.children) visit(child, c, row, prev, ch, viaPrefix);
    };

    for (const [c, child] of this.root.children) visit(child, c, first, null, -1, Infinity);
    return [...found.values()];
  }
}
