/** Starts a real Azurite blob service on a free port for workflow tests, and stops it (and its folder) afterwards. */

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BlobServiceClient, type BlobClient, type ContainerClient } from '@azure/storage-blob';
import type { WorkflowAzure } from '../../src/core/azure/workflowAzure';

// Azurite's documented development account (not a secret: it is published in Azurite's README).
const account = 'devstoreaccount1';
const key = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface Azurite {
  service: BlobServiceClient;
  azure: WorkflowAzure;
  stop(): Promise<void>;
}

export async function startAzurite(): Promise<Azurite> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'os-azurite-'));
  const bin = path.resolve('node_modules/.bin/azurite-blob');
  const child: ChildProcess = spawn(bin, ['--blobPort', '0', '--location', dir, '--disableTelemetry', '--skipApiVersionCheck'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`Azurite did not start: ${out}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`Azurite exited with ${code}: ${out}`)));
  });
  const endpoint = `http://127.0.0.1:${port}/${account}`;
  const service = BlobServiceClient.fromConnectionString(
    `DefaultEndpointsProtocol=http;AccountName=${account};AccountKey=${key};BlobEndpoint=${endpoint};`,
  );
  const azure: WorkflowAzure = {
    subscriptionId: '00000000-0000-0000-0000-000000000000',
    importExport: undefined as unknown as WorkflowAzure['importExport'],
    blobs: {
      container: async (name: string): Promise<ContainerClient> => service.getContainerClient(name),
      blob: async (uri: string): Promise<BlobClient> => {
        const rel = new URL(uri).pathname.split('/').slice(2).join('/');
        const [container, ...rest] = rel.split('/');
        return service.getContainerClient(container!).getBlobClient(rest.map(decodeURIComponent).join('/'));
      },
    },
  };
  return {
    service,
    azure,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
