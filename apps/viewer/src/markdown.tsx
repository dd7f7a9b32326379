import type { ReactNode } from 'react';

const LINK = /\[([^\]]+)\]\(([^)\s]+)\)/g;

/** Just enough markdown for notes: paragraphs and links (to recordings or the web). */
export function Markdown({ text }: { text: string }) {
  return (
    <div className="markdown">
      {text.split(/\n{2,}/).map((paragraph, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs have no identity of their own
        <p key={i}>{inline(paragraph)}</p>
      ))}
    </div>
  );
}

function inline(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    const [whole, label, href] = match;
    const safe = href!.startsWith('#/') || /^https?:\/\//.test(href!);
    out.push(text.slice(last, match.index));
    out.push(
      safe ? (
        <a key={match.index} href={href}>
          {label}
        </a>
      ) : (
        whole
      ),
    );
    last = match.index + whole.length;
  }
  out.push(text.slice(last));
  return out;
}
