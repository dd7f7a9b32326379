import { type ConsoleEntry, ConsolePanel } from './ConsolePanel.js';
import { type NetworkEntry, NetworkPanel } from './NetworkPanel.js';

/** The recorded console and network, following playback; a host may place them anywhere. */
export class Panels {
  readonly #console = new ConsolePanel();
  readonly #network = new NetworkPanel();

  get elements(): { console: HTMLElement; network: HTMLElement } {
    return { console: this.#console.element, network: this.#network.element };
  }

  add({ logs, requests }: { logs: ConsoleEntry[]; requests: NetworkEntry[] }): void {
    this.#console.add(logs);
    this.#network.add(requests);
  }

  at(ms: number, duration: number): void {
    this.#console.at(ms);
    this.#network.at(ms, duration);
  }

  /** Off the page, wherever the host put them. */
  remove(): void {
    this.#console.element.remove();
    this.#network.element.remove();
  }
}
