/** Preloaded into the Azurite child: it exits when its parent (the local Azure) goes away, even after a SIGKILL. */
process.on('disconnect', () => process.exit(0));
// The channel must not keep Azurite alive once it has closed its server on SIGTERM.
if (process.channel) process.channel.unref();
