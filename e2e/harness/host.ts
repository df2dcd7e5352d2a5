import { execFileSync } from 'node:child_process';

/** This machine's libvirtd, as the specs check it from outside the BFF. */
export function virsh(...args: string[]): string {
  return execFileSync('virsh', ['-q', '-c', 'qemu:///system', ...args], {
    encoding: 'utf8',
  }).trim();
}

/** `qemu-img info --backing-chain`: the image and every image below it, top first. */
export function backingChain(
  image: string,
): { filename: string; format: string; 'backing-filename'?: string }[] {
  const out = execFileSync('qemu-img', ['info', '-U', '--backing-chain', '--output=json', image], {
    encoding: 'utf8',
  });
  return JSON.parse(out) as { filename: string; format: string; 'backing-filename'?: string }[];
}
