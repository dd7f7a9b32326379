/** Which nodes a slot of a manually assigning shadow root shows (their rrweb ids). */
export interface SlotState {
  id: number;
  assigned: number[];
}

/**
 * A shadow root made with `slotAssignment: 'manual'` shows the children its slots were given
 * with `slot.assign()`, which no attribute records: a replay would slot them all by name.
 * This reports every such slot's nodes at each full snapshot (`reportAll`, given the shadow
 * hosts the snapshot recorded, nested ones too) and after each `assign()`.
 */
export function watchSlotAssignments(
  idOf: (node: Node) => number,
  report: (states: SlotState[]) => void,
): { reportAll(hosts: readonly (Element | null)[]): void; stop(): void } {
  const proto = globalThis.HTMLSlotElement?.prototype;
  const assign = proto?.assign;
  if (!proto || !assign) return { reportAll() {}, stop() {} };
  const send = (roots: ShadowRoot[]) => {
    const states: SlotState[] = [];
    for (const root of roots)
      for (const slot of root.querySelectorAll('slot')) {
        const id = idOf(slot);
        if (id >= 0) states.push({ id, assigned: slot.assignedNodes().map(idOf) });
      }
    if (states.length > 0) report(states);
  };
  proto.assign = function (this: HTMLSlotElement, ...nodes: (Element | Text)[]) {
    assign.apply(this, nodes);
    const root = this.getRootNode();
    // After rrweb has given ids to nodes added in this task.
    if (root instanceof ShadowRoot && root.slotAssignment === 'manual')
      queueMicrotask(() => send([root]));
  };
  return {
    reportAll: (hosts) =>
      send(
        hosts
          .map((host) => host?.shadowRoot)
          .filter((root): root is ShadowRoot => root?.slotAssignment === 'manual'),
      ),
    stop() {
      proto.assign = assign;
    },
  };
}
