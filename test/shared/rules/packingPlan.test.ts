import { describe, expect, it } from 'vitest';
import { planPacking, spaceOnDrive, usableBytes } from '../../../src/shared/rules/packingPlan';

const MiB = 1024 * 1024;
const f = (relPath: string, mib: number) => ({ relPath, size: mib * MiB });

describe('packing plan', () => {
  it('places largest first on the first drive with room', () => {
    const files = [f('packs/a', 10), f('packs/b', 30), f('packs/c', 20), f('packs/d', 25), f('index/i', 1)];
    const plan = planPacking(files, [60 * MiB, 60 * MiB]);
    expect(plan.drives.map((d) => d.files.map((x) => x.relPath))).toEqual([
      ['packs/b', 'packs/d', 'index/i'],
      ['packs/c', 'packs/a'],
    ]);
    expect(plan.driveCount).toBe(2);
    expect(plan.jobCount).toBe(1);
    expect(plan.unplaceable).toEqual([]);
    for (const d of plan.drives) expect(d.used).toBeLessThanOrEqual(d.capacity);
  });

  it('adds drives of the last chosen size when the chosen ones are not enough, and splits beyond ten into jobs', () => {
    const files = Array.from({ length: 23 }, (_, i) => f(`packs/p${i}`, 40));
    const plan = planPacking(files, [50 * MiB]);
    expect(plan.driveCount).toBe(23);
    expect(plan.drives.filter((d) => !d.chosen)).toHaveLength(22);
    expect(plan.jobCount).toBe(3);
  });

  it('reports files larger than every drive', () => {
    const plan = planPacking([f('packs/huge', 100), f('packs/ok', 1)], [50 * MiB]);
    expect(plan.unplaceable.map((x) => x.relPath)).toEqual(['packs/huge']);
    expect(plan.drives[0]!.files.map((x) => x.relPath)).toEqual(['packs/ok']);
  });

  it('counts whole clusters and manifest room', () => {
    expect(spaceOnDrive(1)).toBeGreaterThan(4096);
    expect(spaceOnDrive(8 * MiB)).toBeGreaterThan(8 * MiB);
    expect(usableBytes(64 * MiB)).toBeLessThan(64 * MiB - 256 * 1024);
    expect(usableBytes(1)).toBe(0);
  });

  it('keeps an empty chosen drive in the plan', () => {
    const plan = planPacking([f('packs/a', 1)], [50 * MiB, 50 * MiB]);
    expect(plan.drives).toHaveLength(2);
    expect(plan.driveCount).toBe(1);
  });
});
