import { graphql } from '../gql/gql.ts'

/** The GraphQL documents of an article stream, sharing their fragments. */

graphql(`
  fragment ArticleErrorFields on ArticleError {
    code
    message
    retryable
    retryAfterMs
  }
`)

graphql(`
  fragment FactCheckFields on FactCheck {
    start
    end
    kind
    subject
    stated
    expected
    status
  }
`)

graphql(`
  fragment PortraitFields on Article {
    id
    status
    language
    length
    tone
    model
    createdAt
    wordCount
    usage {
      promptTokens
      completionTokens
      reasoningTokens
    }
    timings {
      durationMs
      tokensPerSecond
    }
  }
`)

graphql(`
  fragment ArticleEndFields on Article {
    id
    wordCount
    status
    timings {
      durationMs
    }
  }
`)

export const GenerateArticle = graphql(`
  subscription GenerateArticle($artistId: ID!, $options: ArticleOptions, $regenerate: Boolean, $resume: ResumeFrom) {
    generateArticle(artistId: $artistId, options: $options, regenerate: $regenerate, resume: $resume) {
      __typename
      ... on ArticleMetadata {
        generationId
        model
        offline
        fromSaved
        targetWords
        startedAt
        language
        # ArticleDone has a length too, in characters: one response name cannot hold both types.
        articleLength: length
        tone
      }
      ... on ArticleThinking {
        generationId
        since
      }
      ... on ArticleChunk {
        generationId
        seq
        offset
        delta
      }
      ... on ArticleDone {
        generationId
        finishReason
        length
        sha256
        article {
          ...ArticleEndFields
        }
      }
      ... on ArticleFactCheck {
        generationId
        checks {
          ...FactCheckFields
        }
      }
      ... on ArticleError {
        ...ArticleErrorFields
      }
    }
  }
`)

export const CancelGeneration = graphql(`
  mutation CancelGeneration($id: ID!) {
    cancelGeneration(id: $id)
  }
`)

export const GenerationStatus = graphql(`
  query GenerationStatus($id: ID!) {
    generation(id: $id) {
      id
      status
      language
      length
      tone
    }
  }
`)

export const StartGeneration = graphql(`
  mutation StartGeneration($artistId: ID!, $options: ArticleOptions, $regenerate: Boolean) {
    startGeneration(artistId: $artistId, options: $options, regenerate: $regenerate) {
      __typename
      ... on Generation {
        id
        status
        model
        offline
        targetWords
        startedAt
        language
        length
        tone
      }
      ... on ArticleError {
        ...ArticleErrorFields
      }
    }
  }
`)

export const PollGeneration = graphql(`
  query PollGeneration($id: ID!, $from: Int) {
    generation(id: $id) {
      id
      status
      text(from: $from)
    }
    article(id: $id) {
      ...ArticleEndFields
      markdown
    }
  }
`)

/** The saved article: what a stream ends with, and what a permalink shows. */
export const ArticleText = graphql(`
  query ArticleText($id: ID!) {
    article(id: $id) {
      ...PortraitFields
      markdown
      factChecks {
        ...FactCheckFields
      }
    }
  }
`)
