/** Preloaded into the Azurite child: it exits when its parent (the local Azure) goes away, even after a SIGKILL. */
process.on('disconnect', () => process.exit(0));
