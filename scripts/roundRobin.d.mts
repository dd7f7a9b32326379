export declare function roundRobin(
  targets: string[],
): Promise<{ url: string; close(): Promise<void> }>;
