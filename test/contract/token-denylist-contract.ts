import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TokenDenyList } from '../../src/store/token-denylist.ts';

export interface DenyListSubject {
  denyList: TokenDenyList;
  cleanup(): Promise<void>;
}

/** What every admin-token deny list must do, whatever holds it. */
export function describeTokenDenyListContract(name: string, make: () => Promise<DenyListSubject>): void {
  describe(`token deny list contract: ${name}`, () => {
    let subject: DenyListSubject;
    const now = Date.now();

    beforeEach(async () => {
      subject = await make();
    });
    afterEach(() => subject.cleanup());

    it('is empty at first', async () => {
      expect(await subject.denyList.revoked(now)).toEqual([]);
    });

    it('lists a revoked jti until its time, then forgets it', async () => {
      await subject.denyList.revoke('jti-a', now + 60_000);
      await subject.denyList.revoke('jti-b', now + 1000);
      expect((await subject.denyList.revoked(now)).sort()).toEqual(['jti-a', 'jti-b']);
      expect(await subject.denyList.revoked(now + 1000)).toEqual(['jti-a']);
      expect(await subject.denyList.revoked(now + 60_001)).toEqual([]);
    });

    it('extends an entry revoked again with a later time, and never shortens it', async () => {
      await subject.denyList.revoke('jti-c', now + 1000);
      await subject.denyList.revoke('jti-c', now + 50_000);
      await subject.denyList.revoke('jti-c', now + 2000);
      expect(await subject.denyList.revoked(now + 10_000)).toEqual(['jti-c']);
      expect(await subject.denyList.revoked(now + 50_000)).toEqual([]);
    });

    it('keeps jti values as they are (any characters, no collisions)', async () => {
      const odd = ['a b', 'ü-ñ', '{admtok}', '*', 'x'.repeat(200)];
      for (const jti of odd) await subject.denyList.revoke(jti, now + 60_000);
      expect((await subject.denyList.revoked(now)).sort()).toEqual([...odd].sort());
    });
  });
}
