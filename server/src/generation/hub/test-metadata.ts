import { metadataEvent } from '../events.ts'

/** The metadata of a generation, for the hub's tests: only the id matters to the hub. */
export const testMetadata = (id = crypto.randomUUID()) =>
  metadataEvent({
    generationId: id,
    artist: { id: 'a', name: 'Artist' } as never,
    model: 'test',
    offline: false,
    options: { language: 'en', length: 'SHORT', tone: 'NEUTRAL' },
    targetWords: 10,
    fromSaved: false,
    startedAt: new Date(),
  })
