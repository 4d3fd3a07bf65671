import { graphql } from '../gql/gql.ts'

/** The GraphQL operations of portrait runs (see schema/schema.graphql, PortraitRun). */

graphql(`
  fragment PortraitRunFields on PortraitRun {
    id
    status
    total
    done
    failed
    remaining
    tokens
    cost
    currency
    budgetTokens
    budgetCost
    pausedUntil
    etaMs
    language
    length
    tone
    createdAt
    finishedAt
  }
`)

graphql(`
  fragment PortraitRunItemFields on PortraitRunItem {
    id
    position
    artist {
      id
      name
    }
    status
    attempts
    generationId
    contradictions
    error {
      code
      message
    }
    tokens
    cost
  }
`)

export const EstimatePortraitRun = graphql(`
  query EstimatePortraitRun($input: PortraitRunInput!) {
    estimatePortraitRun(input: $input) {
      artists
      tokens
      cost
      currency
    }
  }
`)

export const StartPortraitRun = graphql(`
  mutation StartPortraitRun($input: PortraitRunInput!) {
    startPortraitRun(input: $input) {
      ...PortraitRunFields
    }
  }
`)

export const PortraitRunQuery = graphql(`
  query PortraitRun($id: ID!) {
    portraitRun(id: $id) {
      ...PortraitRunFields
    }
  }
`)

/** The artists of a run being written now, those that failed, and the portraits the collection contradicts: the progress stream does not carry them. */
export const PortraitRunItems = graphql(`
  query PortraitRunItems($id: ID!) {
    portraitRun(id: $id) {
      id
      writing: items(status: [RUNNING], first: 100) {
        ...PortraitRunItemFields
      }
      failedItems: items(status: [FAILED], first: 100) {
        ...PortraitRunItemFields
      }
      toRead: items(contradicted: true, first: 50) {
        ...PortraitRunItemFields
      }
      contradicted
    }
  }
`)

export const PortraitRunsQuery = graphql(`
  query PortraitRuns($first: Int) {
    portraitRuns(first: $first) {
      ...PortraitRunFields
    }
  }
`)

export const PausePortraitRun = graphql(`
  mutation PausePortraitRun($id: ID!) {
    pausePortraitRun(id: $id) {
      ...PortraitRunFields
    }
  }
`)

export const ResumePortraitRun = graphql(`
  mutation ResumePortraitRun($id: ID!) {
    resumePortraitRun(id: $id) {
      ...PortraitRunFields
    }
  }
`)

export const CancelPortraitRun = graphql(`
  mutation CancelPortraitRun($id: ID!) {
    cancelPortraitRun(id: $id) {
      ...PortraitRunFields
    }
  }
`)

export const RetryFailedPortraits = graphql(`
  mutation RetryFailedPortraits($id: ID!) {
    retryFailedPortraits(id: $id) {
      ...PortraitRunFields
    }
  }
`)

export const PortraitRunProgress = graphql(`
  subscription PortraitRunProgress($id: ID!) {
    portraitRunProgress(id: $id) {
      ...PortraitRunFields
    }
  }
`)
