import { builder } from './builder.ts'
import './album.ts'
import './article.ts'
import './artist.ts'
import './generation.ts'

export type { Context } from './services.ts'
export const schema = builder.toSchema({ sortSchema: true })
