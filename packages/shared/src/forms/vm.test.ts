import { describe, expect, it } from 'vitest';
import { LINUX_BOOT_NEEDS_KERNEL, RUN_ONCE_LIMITS, vmRunOnceInput } from './vm.js';

const id = '0b0f3c1e-5d2a-4e8b-9a61-2f4c7d9e1a30';

/** The messages zod gives, by field (the path the UI shows them under). */
function issues(input: Record<string, unknown>): Record<string, string[]> {
  const r = vmRunOnceInput.safeParse({ id, ...input });
  const out: Record<string, string[]> = {};
  if (r.success) return out;
  for (const i of r.error.issues) (out[i.path.join('.')] ??= []).push(i.message);
  return out;
}

/** The first message of each field: what the dialog shows. */
function first(input: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(issues(input)).map(([k, v]) => [k, v[0]!]));
}

describe('Run Once: Linux boot options', () => {
  it('takes a kernel alone, or with an initrd and parameters, trimmed', () => {
    expect(vmRunOnceInput.parse({ id, kernel: '/boot/vmlinuz' })).toEqual({
      id,
      kernel: '/boot/vmlinuz',
    });
    expect(
      vmRunOnceInput.parse({
        id,
        hostId: null,
        cdrom: '/isos/a.iso',
        kernel: ' /var/lib/libvirt/images/guest/vmlinuz-6.1 ',
        initrd: '/var/lib/libvirt/images/guest/initrd.img',
        kernelParams: '  console=ttyS0 root=/dev/vda1 quiet  ',
      }),
    ).toEqual({
      id,
      hostId: null,
      cdrom: '/isos/a.iso',
      kernel: '/var/lib/libvirt/images/guest/vmlinuz-6.1',
      initrd: '/var/lib/libvirt/images/guest/initrd.img',
      kernelParams: 'console=ttyS0 root=/dev/vda1 quiet',
    });
    // None given, or given as null (what the dialog sends for empty inputs): a plain Run Once.
    expect(issues({})).toEqual({});
    expect(issues({ kernel: null, initrd: null, kernelParams: null })).toEqual({});
    // Dots that are not a `..` segment are file names like any other.
    expect(issues({ kernel: '/boot/..vmlinuz', initrd: '/boot/initrd..img' })).toEqual({});
  });

  it('refuses an initrd or parameters without a kernel, on that field', () => {
    expect(first({ initrd: '/boot/initrd.img' })).toEqual({ initrd: LINUX_BOOT_NEEDS_KERNEL });
    expect(first({ kernelParams: 'quiet' })).toEqual({ kernelParams: LINUX_BOOT_NEEDS_KERNEL });
    expect(first({ kernel: null, initrd: '/boot/initrd.img', kernelParams: 'quiet' })).toEqual({
      initrd: LINUX_BOOT_NEEDS_KERNEL,
      kernelParams: LINUX_BOOT_NEEDS_KERNEL,
    });
    // Empty parameters are no parameters.
    expect(issues({ kernelParams: '' })).toEqual({});
    // A kernel that is there but wrong says so itself; the initrd is not blamed for it.
    expect(first({ kernel: 'vmlinuz', initrd: '/boot/initrd.img' })).toEqual({
      kernel: 'The kernel path is an absolute path on the host, such as /boot/vmlinuz.',
    });
  });

  it('wants absolute file paths without .. segments, line breaks or blanks', () => {
    const abs = 'The kernel path is an absolute path on the host, such as /boot/vmlinuz.';
    expect(first({ kernel: 'boot/vmlinuz' })).toEqual({ kernel: abs });
    expect(first({ kernel: './vmlinuz' })).toEqual({ kernel: abs });
    expect(first({ kernel: '   ' })).toEqual({ kernel: 'The kernel path cannot be blank.' });
    for (const kernel of ['/boot/../etc/shadow', '/boot/..', '/../vmlinuz']) {
      expect(first({ kernel })).toEqual({
        kernel: "The kernel path cannot contain '..' segments.",
      });
    }
    expect(first({ kernel: '/boot/' })).toEqual({
      kernel: 'The kernel path names a file, not a directory.',
    });
    expect(first({ kernel: '/boot/vm\nlinuz' })).toEqual({
      kernel: 'The kernel path cannot contain line breaks or control characters.',
    });
    expect(first({ kernel: '/boot/vmlinuz', initrd: 'initrd.img' })).toEqual({
      initrd: 'The initrd path is an absolute path on the host, such as /boot/initrd.img.',
    });
    expect(first({ kernel: '/boot/vmlinuz', initrd: '/x/../initrd.img' })).toEqual({
      initrd: "The initrd path cannot contain '..' segments.",
    });
    expect(first({ kernel: 42 })).toEqual({
      kernel: 'The kernel path is a path on the host, such as /boot/vmlinuz.',
    });
    const long = `/${'a'.repeat(RUN_ONCE_LIMITS.bootPathMax)}`;
    expect(first({ kernel: long })).toEqual({
      kernel: `The kernel path is at most ${RUN_ONCE_LIMITS.bootPathMax} characters.`,
    });
    expect(issues({ kernel: long.slice(0, RUN_ONCE_LIMITS.bootPathMax) })).toEqual({});
  });

  it('takes kernel parameters as one line of bounded length', () => {
    const kernel = '/boot/vmlinuz';
    for (const kernelParams of ['quiet\nroot=/dev/sda', 'a\rb', 'a\tb', 'a\u0000b', 'a\u007fb']) {
      expect(first({ kernel, kernelParams })).toEqual({
        kernelParams: 'Kernel parameters are one line, without control characters.',
      });
    }
    const max = 'x'.repeat(RUN_ONCE_LIMITS.kernelParamsMax);
    expect(issues({ kernel, kernelParams: max })).toEqual({});
    expect(first({ kernel, kernelParams: `${max}x` })).toEqual({
      kernelParams: `Kernel parameters are at most ${RUN_ONCE_LIMITS.kernelParamsMax} characters.`,
    });
    // What a shell or XML would make something of is text to the kernel, passed as is.
    expect(
      vmRunOnceInput.parse({ id, kernel, kernelParams: `init=/bin/sh "a b" <x> & $HOME` })
        .kernelParams,
    ).toBe(`init=/bin/sh "a b" <x> & $HOME`);
  });
});
