import { builder } from './builder.ts'
import type { Article } from './services.ts'
import { isId } from './utils.ts'

export const ArticleStatus = builder.enumType('ArticleStatus', {
  values: {
    WRITING: {
      description:
        'Being written: holds the text up to its last checkpoint (saved every few seconds). If its writer stops without ending it, it becomes FAILED.',
    },
    COMPLETE: { description: 'The model finished the article.' },
    TRUNCATED: {
      description: 'The model stopped at its length limit (`finishReason: "length"`): the text is cut short. Never served as the artist’s portrait.',
    },
    CANCELLED: { description: 'Stopped by a reader; holds what was written until then.' },
    FAILED: { description: 'The model failed mid-way; holds what was written until then.' },
  },
})

export const ArticleLength = builder.enumType('ArticleLength', {
  values: {
    SHORT: { description: 'About 600 words.' },
    MEDIUM: { description: 'About 1,500 words.' },
    LONG: { description: 'About 3,000 words.' },
  },
})

export const ArticleTone = builder.enumType('ArticleTone', {
  values: {
    NEUTRAL: { description: 'Encyclopaedic and even.' },
    ENTHUSIASTIC: { description: 'Warm, a fan writing for fans.' },
    SCHOLARLY: { description: 'Musicological, with context and influences.' },
  },
})

export const Usage = builder.objectRef<Article>('ArticleUsage').implement({
  description: 'Tokens counted by the provider, when it reports them.',
  fields: (t) => ({
    promptTokens: t.exposeInt('promptTokens', { nullable: true }),
    completionTokens: t.exposeInt('completionTokens', { nullable: true }),
    reasoningTokens: t.exposeInt('reasoningTokens', { nullable: true, description: 'Tokens spent reasoning, when the provider reports them.' }),
  }),
})

export const Timings = builder.objectRef<Article>('ArticleTimings').implement({
  description: 'How long the article took to write.',
  fields: (t) => ({
    firstTokenMs: t.exposeInt('firstTokenMs', { nullable: true, description: 'Time to the first token.' }),
    durationMs: t.exposeInt('durationMs', { nullable: true, description: 'Time from request to last token.' }),
    tokensPerSecond: t.exposeFloat('tokensPerSecond', {
      nullable: true,
      description: 'Completion tokens per second of streaming (after the first token), when the provider counted them.',
    }),
  }),
})

export const ArticleRef = builder.objectRef<Article>('Article').implement({
  description: 'A portrait of an artist, in Markdown, as saved when its generation ended.',
  fields: (t) => ({
    id: t.exposeID('id'),
    markdown: t.exposeString('markdown'),
    language: t.exposeString('language', { description: 'BCP 47 language tag, such as "en", "fr" or "pt-BR".' }),
    length: t.field({ type: ArticleLength, resolve: (article) => article.length }),
    tone: t.field({ type: ArticleTone, resolve: (article) => article.tone }),
    model: t.exposeString('model', { description: 'The model that wrote it, or the offline writer.' }),
    status: t.field({ type: ArticleStatus, resolve: (article) => article.status }),
    finishReason: t.exposeString('finishReason', { nullable: true }),
    wordCount: t.exposeInt('wordCount'),
    usage: t.field({ type: Usage, resolve: (article) => article }),
    timings: t.field({ type: Timings, resolve: (article) => article }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When its generation started.' }),
  }),
})

builder.queryField('article', (t) =>
  t.field({
    type: ArticleRef,
    nullable: true,
    description: 'An article by id (the id of the generation that wrote it), whatever its status.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => (isId(String(id)) ? ctx.collection.article(String(id)) : null),
  }),
)
