// Records signature vectors with Transloadit's own Node SDK (@transloadit/node), so that ImageSdk's signer is tested
// against the peer's code: for fixed params, the exact params string the SDK sends and its signature.
// Run: npm install && node sign-vectors.mjs  (writes ../../samples/transloadit-signature-vectors.json)
import { writeFileSync } from 'node:fs'
import { Transloadit } from '@transloadit/node'

const cases = [
  { key: 'test-key', secret: 'test-secret', expires: '2026-11-30T12:00:00.000Z', params: { steps: { ':original': { robot: '/upload/handle' } } } },
  {
    key: 'k-0123456789abcdef',
    secret: 's3cr3t-with-symbols-!@#$%^&*()',
    expires: '2027-01-01T00:00:00.000Z',
    params: {
      steps: {
        generated: { robot: '/image/generate', prompt: 'Un renard roux sous la neige, très détaillé 🦊', model: 'google/nano-banana', num_outputs: 2 },
      },
      fields: { subject: 'café' },
    },
  },
]

const vectors = cases.map(({ key, secret, expires, params }) => {
  const client = new Transloadit({ authKey: key, authSecret: secret })
  client._getExpiresDate = () => expires
  const { signature, params: paramsString } = client.calcSignature(structuredClone(params))
  return { key, secret, expires, paramsString, signature }
})

writeFileSync(new URL('../../samples/transloadit-signature-vectors.json', import.meta.url), JSON.stringify({ recordedWith: '@transloadit/node 4.12.0 calcSignature', vectors }, null, 2) + '\n')
console.log(`wrote ${vectors.length} vectors`)
