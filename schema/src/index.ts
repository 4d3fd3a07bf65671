import { builder } from './builder.ts'
import './album.ts'
import './article.ts'
import './artist.ts'
import './covers.ts'
import './edit.ts'
import './facts.ts'
import './folders.ts'
import './generation.ts'
import './import.ts'
import './runs.ts'

export type { Context } from './services.ts'
/** IDs are UUIDs: part of the contract, so services can refuse anything else without a query. */
export { isId } from './utils.ts'
export const schema = builder.toSchema({ sortSchema: true })
