const UNASSIGNED = 'td-unassigned';

/**
 * Shows in `slot` the nodes (by id) the page assigned to it by hand. The replay's shadow root
 * assigns by name (a root's assignment mode is fixed when it is made), so each slot gets a name
 * of its own and the host's children the matching `slot` attribute; children assigned nowhere
 * get a name no slot has, as they were shown nowhere.
 */
export function assignSlot(
  slot: HTMLElement,
  ids: readonly number[],
  nodeOf: (id: number) => Node | null,
): void {
  const root = slot.getRootNode();
  const host = (root as ShadowRoot).host;
  if (slot.nodeName !== 'SLOT' || !host) return;
  let own = slot.getAttribute('name') ?? '';
  if (!own.startsWith('td-slot-')) {
    own = `td-slot-${Math.random().toString(36).slice(2)}`;
    slot.setAttribute('name', own);
  }
  const assigned = new Set(ids.map(nodeOf));
  for (const child of Array.from(host.children)) {
    const current = child.getAttribute('slot');
    if (assigned.has(child)) child.setAttribute('slot', own);
    else if (current === own || current === null) child.setAttribute('slot', UNASSIGNED);
  }
}
