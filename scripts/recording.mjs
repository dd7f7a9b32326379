// Recordings shaped like a busy page's, for the load test, the crash test and the server
// benchmark: a full snapshot first, then every ~2 s a chunk of mutations, mouse moves, a
// click and masked input, as @tapedeck/core sends them.

/** The DOM of a product list, as an rrweb full snapshot node tree (about 600 nodes). */
function snapshotNode() {
  let id = 1;
  const el = (tagName, attributes, childNodes = []) => ({
    type: 2,
    tagName,
    attributes,
    childNodes,
    id: id++,
  });
  const text = (textContent) => ({ type: 3, textContent, id: id++ });
  const rows = Array.from({ length: 100 }, (_, i) =>
    el('li', { class: 'product' }, [
      el('span', { class: 'name' }, [text(`Product ${i}`)]),
      el('button', { class: 'add', type: 'button' }, [text('Add to cart')]),
    ]),
  );
  const html = el('html', {}, [
    el('head', {}, [el('style', {}, [text('.product{display:flex;gap:8px}.add{color:#036}')])]),
    el('body', {}, [el('h1', {}, [text('Shop')]), el('ul', { id: 'list' }, rows)]),
  ]);
  return {
    type: 0,
    childNodes: [{ type: 1, name: 'html', publicId: '', systemId: '', id: id++ }, html],
    id: id++,
  };
}

/** One busy 2-second stretch starting at `t`. */
function busyEvents(seq, t) {
  const events = [];
  for (let i = 0; i < 40; i++) {
    events.push({
      type: 3,
      timestamp: t + i * 45,
      data: {
        source: 0,
        texts: Array.from({ length: 8 }, (_, j) => ({
          id: 1000 + ((i * 8 + j) % 4000),
          value: `row ${i * j} paid ${seq}`,
        })),
        attributes: [{ id: 2000 + i, attributes: { class: i % 2 ? 'hot' : null } }],
        removes: [{ parentId: 500 + i, id: 9000 + i }],
        adds: [
          {
            parentId: 500 + i,
            nextId: null,
            node: { type: 3, textContent: `open ${seq}-${i}`, id: 9100 + i },
          },
        ],
      },
    });
    events.push({
      type: 3,
      timestamp: t + i * 45 + 10,
      data: { source: 1, positions: [{ x: 100 + i, y: 200 + i, id: 12, timeOffset: -20 }] },
    });
  }
  events.push({ type: 3, timestamp: t + 1900, data: { source: 2, type: 2, id: 42, x: 10, y: 20 } });
  events.push({
    type: 3,
    timestamp: t + 1950,
    data: { source: 5, id: 43, text: '*****', isChecked: false },
  });
  return events;
}

/**
 * Chunk `seq` of session `sessionId`, whose recording started at `start` (ms). Chunk 0 opens
 * with the page's meta and full snapshot, as every recording does.
 */
export function recordingChunk(sessionId, seq, start = 1_700_000_000_000) {
  const t = start + seq * 2000;
  const opening =
    seq === 0
      ? [
          {
            type: 4,
            timestamp: t,
            data: { href: 'https://shop.example/', width: 1280, height: 800 },
          },
          {
            type: 2,
            timestamp: t,
            data: { node: snapshotNode(), initialOffset: { top: 0, left: 0 } },
          },
        ]
      : [];
  return {
    sessionId,
    windowId: 'w',
    seq,
    sentAt: t + 2000,
    sdk: { name: '@tapedeck/core', version: 'load' },
    events: [...opening, ...busyEvents(seq, seq === 0 ? t + 1 : t)],
  };
}
