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
  fragment ArticleEndFields on Article {
    id
    wordCount
    status
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
      }
      ... on ArticleThinking {
        generationId
        elapsedMs
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

/** The saved text, fetched when the streamed one does not match it. */
export const ArticleText = graphql(`
  query ArticleText($id: ID!) {
    article(id: $id) {
      id
      markdown
    }
  }
`)
