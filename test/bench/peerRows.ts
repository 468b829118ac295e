/** The Terraform provider's request pattern for the bench's stacks, replayed against the emulator. */
export interface PeerRow {
  stack: string;
  scenario: string;
  requests: number;
  writes: number;
  deployments: number;
}

export async function peerRows(_sizes: number[]): Promise<PeerRow[]> {
  return [];
}
