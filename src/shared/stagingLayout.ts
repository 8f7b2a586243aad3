/** Where things live inside a staging location (docs/architecture.md, "Formats on disk"). Paths are relative, '/'-separated. */

export const stagingLayout = {
  /** The session, written atomically. */
  sessionFile: 'offline-seed.json',
  /** Pack files: compressed, content-addressed chunks. These and the index are what goes onto the drives. */
  packsDir: 'packs',
  /** The index mapping every file to its chunks. */
  indexDir: 'index',
  /** One WAImportExport-style journal per drive, plus `<journal>_DriveInfo_<serial>.xml`. Never shipped. */
  journalsDir: 'journals',
  /** Shipping details per job (`shipping/<job>.json`). Never shipped. */
  shippingDir: 'shipping',
  /** Work files of an unfinished run (resume state). Never shipped. */
  workDir: '.work',
} as const;

/** Folders whose files are copied onto the drives, in this order. */
export const shippedDirs = [stagingLayout.indexDir, stagingLayout.packsDir] as const;
