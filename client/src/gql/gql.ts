/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment ArticleErrorFields on ArticleError {\n    code\n    message\n    retryable\n    retryAfterMs\n  }\n": typeof types.ArticleErrorFieldsFragmentDoc,
    "\n  fragment FactCheckFields on FactCheck {\n    start\n    end\n    kind\n    subject\n    stated\n    expected\n    status\n  }\n": typeof types.FactCheckFieldsFragmentDoc,
    "\n  fragment PortraitFields on Article {\n    id\n    status\n    language\n    length\n    tone\n    model\n    createdAt\n    wordCount\n    usage {\n      promptTokens\n      completionTokens\n      reasoningTokens\n    }\n    timings {\n      durationMs\n      tokensPerSecond\n    }\n  }\n": typeof types.PortraitFieldsFragmentDoc,
    "\n  fragment ArticleEndFields on Article {\n    id\n    wordCount\n    status\n    timings {\n      durationMs\n    }\n  }\n": typeof types.ArticleEndFieldsFragmentDoc,
    "\n  subscription GenerateArticle($artistId: ID!, $options: ArticleOptions, $regenerate: Boolean, $resume: ResumeFrom) {\n    generateArticle(artistId: $artistId, options: $options, regenerate: $regenerate, resume: $resume) {\n      __typename\n      ... on ArticleMetadata {\n        generationId\n        model\n        offline\n        fromSaved\n        targetWords\n        startedAt\n        language\n        # ArticleDone has a length too, in characters: one response name cannot hold both types.\n        articleLength: length\n        tone\n      }\n      ... on ArticleThinking {\n        generationId\n        since\n      }\n      ... on ArticleChunk {\n        generationId\n        seq\n        offset\n        delta\n      }\n      ... on ArticleDone {\n        generationId\n        finishReason\n        length\n        sha256\n        article {\n          ...ArticleEndFields\n        }\n      }\n      ... on ArticleFactCheck {\n        generationId\n        checks {\n          ...FactCheckFields\n        }\n      }\n      ... on ArticleError {\n        ...ArticleErrorFields\n      }\n    }\n  }\n": typeof types.GenerateArticleDocument,
    "\n  mutation CancelGeneration($id: ID!) {\n    cancelGeneration(id: $id)\n  }\n": typeof types.CancelGenerationDocument,
    "\n  query GenerationStatus($id: ID!) {\n    generation(id: $id) {\n      id\n      status\n      language\n      length\n      tone\n    }\n  }\n": typeof types.GenerationStatusDocument,
    "\n  mutation StartGeneration($artistId: ID!, $options: ArticleOptions, $regenerate: Boolean) {\n    startGeneration(artistId: $artistId, options: $options, regenerate: $regenerate) {\n      __typename\n      ... on Generation {\n        id\n        status\n        model\n        offline\n        targetWords\n        startedAt\n        language\n        length\n        tone\n      }\n      ... on ArticleError {\n        ...ArticleErrorFields\n      }\n    }\n  }\n": typeof types.StartGenerationDocument,
    "\n  query PollGeneration($id: ID!, $from: Int) {\n    generation(id: $id) {\n      id\n      status\n      text(from: $from)\n    }\n    article(id: $id) {\n      ...ArticleEndFields\n      markdown\n    }\n  }\n": typeof types.PollGenerationDocument,
    "\n  query ArticleText($id: ID!) {\n    article(id: $id) {\n      ...PortraitFields\n      markdown\n      factChecks {\n        ...FactCheckFields\n      }\n    }\n  }\n": typeof types.ArticleTextDocument,
    "\n  fragment PortraitRunFields on PortraitRun {\n    id\n    status\n    total\n    done\n    failed\n    remaining\n    tokens\n    cost\n    currency\n    budgetTokens\n    budgetCost\n    pausedUntil\n    etaMs\n    language\n    length\n    tone\n    createdAt\n    finishedAt\n  }\n": typeof types.PortraitRunFieldsFragmentDoc,
    "\n  fragment PortraitRunItemFields on PortraitRunItem {\n    id\n    position\n    artist {\n      id\n      name\n    }\n    status\n    attempts\n    generationId\n    contradictions\n    error {\n      code\n      message\n    }\n    tokens\n    cost\n  }\n": typeof types.PortraitRunItemFieldsFragmentDoc,
    "\n  query EstimatePortraitRun($input: PortraitRunInput!) {\n    estimatePortraitRun(input: $input) {\n      artists\n      tokens\n      cost\n      currency\n    }\n  }\n": typeof types.EstimatePortraitRunDocument,
    "\n  mutation StartPortraitRun($input: PortraitRunInput!) {\n    startPortraitRun(input: $input) {\n      ...PortraitRunFields\n    }\n  }\n": typeof types.StartPortraitRunDocument,
    "\n  query PortraitRun($id: ID!) {\n    portraitRun(id: $id) {\n      ...PortraitRunFields\n    }\n  }\n": typeof types.PortraitRunDocument,
    "\n  query PortraitRunItems($id: ID!) {\n    portraitRun(id: $id) {\n      id\n      writing: items(status: [RUNNING], first: 100) {\n        ...PortraitRunItemFields\n      }\n      failedItems: items(status: [FAILED], first: 100) {\n        ...PortraitRunItemFields\n      }\n      toRead: items(contradicted: true, first: 50) {\n        ...PortraitRunItemFields\n      }\n      contradicted\n    }\n  }\n": typeof types.PortraitRunItemsDocument,
    "\n  query PortraitRuns($first: Int) {\n    portraitRuns(first: $first) {\n      ...PortraitRunFields\n    }\n  }\n": typeof types.PortraitRunsDocument,
    "\n  mutation PausePortraitRun($id: ID!) {\n    pausePortraitRun(id: $id) {\n      ...PortraitRunFields\n    }\n  }\n": typeof types.PausePortraitRunDocument,
    "\n  mutation ResumePortraitRun($id: ID!) {\n    resumePortraitRun(id: $id) {\n      ...PortraitRunFields\n    }\n  }\n": typeof types.ResumePortraitRunDocument,
    "\n  mutation CancelPortraitRun($id: ID!) {\n    cancelPortraitRun(id: $id) {\n      ...PortraitRunFields\n    }\n  }\n": typeof types.CancelPortraitRunDocument,
    "\n  mutation RetryFailedPortraits($id: ID!) {\n    retryFailedPortraits(id: $id) {\n      ...PortraitRunFields\n    }\n  }\n": typeof types.RetryFailedPortraitsDocument,
    "\n  subscription PortraitRunProgress($id: ID!) {\n    portraitRunProgress(id: $id) {\n      ...PortraitRunFields\n    }\n  }\n": typeof types.PortraitRunProgressDocument,
    "\n  query Album($id: ID!) {\n    album(id: $id) {\n      id\n      title\n      year\n      label\n      format\n      cover {\n        url(size: 256)\n        url2x: url(size: 512)\n      }\n      artist {\n        id\n        name\n        genres\n        albumCount\n      }\n    }\n  }\n": typeof types.AlbumDocument,
    "\n  mutation AddAlbum($artistId: ID!, $input: AlbumInput!) {\n    addAlbum(artistId: $artistId, input: $input) {\n      id\n      title\n      year\n      label\n      format\n    }\n  }\n": typeof types.AddAlbumDocument,
    "\n  mutation UpdateAlbum($id: ID!, $input: AlbumInput!) {\n    updateAlbum(id: $id, input: $input) {\n      id\n      title\n      year\n      label\n      format\n    }\n  }\n": typeof types.UpdateAlbumDocument,
    "\n  mutation DeleteAlbum($id: ID!) {\n    deleteAlbum(id: $id)\n  }\n": typeof types.DeleteAlbumDocument,
    "\n  query Artist($id: ID!) {\n    artist(id: $id) {\n      id\n      name\n      country\n      genres\n      formedYear\n      endedYear\n      bio\n      cover {\n        url(size: 256)\n        url2x: url(size: 512)\n      }\n      links {\n        label\n        url\n      }\n      albums {\n        id\n        title\n        year\n        label\n        format\n        cover {\n          url(size: 128)\n        }\n      }\n      portraits {\n        ...PortraitFields\n        generation {\n          id\n          writtenWords\n          targetWords\n        }\n      }\n    }\n  }\n": typeof types.ArtistDocument,
    "\n  mutation UpdateArtist($id: ID!, $input: UpdateArtistInput!) {\n    updateArtist(id: $id, input: $input) {\n      id\n      name\n      sortName\n      country\n      genres\n      formedYear\n      endedYear\n      bio\n    }\n  }\n": typeof types.UpdateArtistDocument,
    "\n  mutation DeleteArtist($id: ID!) {\n    deleteArtist(id: $id)\n  }\n": typeof types.DeleteArtistDocument,
    "\n  fragment ArtistListItem on Artist {\n    id\n    name\n    country\n    genres\n    formedYear\n    endedYear\n    albumCount\n    cover {\n      url(size: 128)\n      url2x: url(size: 256)\n    }\n    latestAlbum {\n      id\n      title\n      year\n    }\n  }\n": typeof types.ArtistListItemFragmentDoc,
    "\n  query Artists(\n    $search: String\n    $genre: String\n    $format: AlbumFormat\n    $portrait: Boolean\n    $order: ArtistOrder\n    $startsAt: String\n    $first: Int\n    $after: String\n    $counts: Boolean!\n  ) {\n    artists(search: $search, genre: $genre, format: $format, portrait: $portrait, order: $order, startsAt: $startsAt, first: $first, after: $after) {\n      totalCount @include(if: $counts)\n      albumCount @include(if: $counts)\n      letters @include(if: $counts) {\n        letter\n        count\n      }\n      edges {\n        cursor\n        node {\n          ...ArtistListItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.ArtistsDocument,
    "\n  query Genres {\n    genres\n  }\n": typeof types.GenresDocument,
    "\n  query ImportFolders($path: String) {\n    importFolders(path: $path) {\n      path\n      parent\n      folders {\n        name\n        path\n      }\n    }\n  }\n": typeof types.ImportFoldersDocument,
    "\n  fragment ImportJobFields on ImportJob {\n    id\n    source\n    status\n    phase\n    filesTotal\n    filesRead\n    artistsAdded\n    artistsUpdated\n    albumsAdded\n    albumsUpdated\n    compilations\n    problemCount\n    problems {\n      source\n      message\n    }\n    error {\n      code\n      message\n    }\n  }\n": typeof types.ImportJobFieldsFragmentDoc,
    "\n  query ImportSettings {\n    importSettings {\n      folders\n      maxUploadBytes\n    }\n  }\n": typeof types.ImportSettingsDocument,
    "\n  mutation ImportFile($file: File!) {\n    importFile(file: $file) {\n      ...ImportJobFields\n    }\n  }\n": typeof types.ImportFileDocument,
    "\n  mutation ImportFolder($path: String!) {\n    importFolder(path: $path) {\n      ...ImportJobFields\n    }\n  }\n": typeof types.ImportFolderDocument,
    "\n  mutation LoadDemoCollection {\n    loadDemoCollection {\n      ...ImportJobFields\n    }\n  }\n": typeof types.LoadDemoCollectionDocument,
    "\n  subscription ImportProgress($id: ID!) {\n    importProgress(id: $id) {\n      ...ImportJobFields\n    }\n  }\n": typeof types.ImportProgressDocument,
    "\n  query ExportCollection {\n    exportCollection\n  }\n": typeof types.ExportCollectionDocument,
};
const documents: Documents = {
    "\n  fragment ArticleErrorFields on ArticleError {\n    code\n    message\n    retryable\n    retryAfterMs\n  }\n": types.ArticleErrorFieldsFragmentDoc,
    "\n  fragment FactCheckFields on FactCheck {\n    start\n    end\n    kind\n    subject\n    stated\n    expected\n    status\n  }\n": types.FactCheckFieldsFragmentDoc,
    "\n  fragment PortraitFields on Article {\n    id\n    status\n    language\n    length\n    tone\n    model\n    createdAt\n    wordCount\n    usage {\n      promptTokens\n      completionTokens\n      reasoningTokens\n    }\n    timings {\n      durationMs\n      tokensPerSecond\n    }\n  }\n": types.PortraitFieldsFragmentDoc,
    "\n  fragment ArticleEndFields on Article {\n    id\n    wordCount\n    status\n    timings {\n      durationMs\n    }\n  }\n": types.ArticleEndFieldsFragmentDoc,
    "\n  subscription GenerateArticle($artistId: ID!, $options: ArticleOptions, $regenerate: Boolean, $resume: ResumeFrom) {\n    generateArticle(artistId: $artistId, options: $options, regenerate: $regenerate, resume: $resume) {\n      __typename\n      ... on ArticleMetadata {\n        generationId\n        model\n        offline\n        fromSaved\n        targetWords\n        startedAt\n        language\n        # ArticleDone has a length too, in characters: one response name cannot hold both types.\n        articleLength: length\n        tone\n      }\n      ... on ArticleThinking {\n        generationId\n        since\n      }\n      ... on ArticleChunk {\n        generationId\n        seq\n        offset\n        delta\n      }\n      ... on ArticleDone {\n        generationId\n        finishReason\n        length\n        sha256\n        article {\n          ...ArticleEndFields\n        }\n      }\n      ... on ArticleFactCheck {\n        generationId\n        checks {\n          ...FactCheckFields\n        }\n      }\n      ... on ArticleError {\n        ...ArticleErrorFields\n      }\n    }\n  }\n": types.GenerateArticleDocument,
    "\n  mutation CancelGeneration($id: ID!) {\n    cancelGeneration(id: $id)\n  }\n": types.CancelGenerationDocument,
    "\n  query GenerationStatus($id: ID!) {\n    generation(id: $id) {\n      id\n      status\n      language\n      length\n      tone\n    }\n  }\n": types.GenerationStatusDocument,
    "\n  mutation StartGeneration($artistId: ID!, $options: ArticleOptions, $regenerate: Boolean) {\n    startGeneration(artistId: $artistId, options: $options, regenerate: $regenerate) {\n      __typename\n      ... on Generation {\n        id\n        status\n        model\n        offline\n        targetWords\n        startedAt\n        language\n        length\n        tone\n      }\n      ... on ArticleError {\n        ...ArticleErrorFields\n      }\n    }\n  }\n": types.StartGenerationDocument,
    "\n  query PollGeneration($id: ID!, $from: Int) {\n    generation(id: $id) {\n      id\n      status\n      text(from: $from)\n    }\n    article(id: $id) {\n      ...ArticleEndFields\n      markdown\n    }\n  }\n": types.PollGenerationDocument,
    "\n  query ArticleText($id: ID!) {\n    article(id: $id) {\n      ...PortraitFields\n      markdown\n      factChecks {\n        ...FactCheckFields\n      }\n    }\n  }\n": types.ArticleTextDocument,
    "\n  fragment PortraitRunFields on PortraitRun {\n    id\n    status\n    total\n    done\n    failed\n    remaining\n    tokens\n    cost\n    currency\n    budgetTokens\n    budgetCost\n    pausedUntil\n    etaMs\n    language\n    length\n    tone\n    createdAt\n    finishedAt\n  }\n": types.PortraitRunFieldsFragmentDoc,
    "\n  fragment PortraitRunItemFields on PortraitRunItem {\n    id\n    position\n    artist {\n      id\n      name\n    }\n    status\n    attempts\n    generationId\n    contradictions\n    error {\n      code\n      message\n    }\n    tokens\n    cost\n  }\n": types.PortraitRunItemFieldsFragmentDoc,
    "\n  query EstimatePortraitRun($input: PortraitRunInput!) {\n    estimatePortraitRun(input: $input) {\n      artists\n      tokens\n      cost\n      currency\n    }\n  }\n": types.EstimatePortraitRunDocument,
    "\n  mutation StartPortraitRun($input: PortraitRunInput!) {\n    startPortraitRun(input: $input) {\n      ...PortraitRunFields\n    }\n  }\n": types.StartPortraitRunDocument,
    "\n  query PortraitRun($id: ID!) {\n    portraitRun(id: $id) {\n      ...PortraitRunFields\n    }\n  }\n": types.PortraitRunDocument,
    "\n  query PortraitRunItems($id: ID!) {\n    portraitRun(id: $id) {\n      id\n      writing: items(status: [RUNNING], first: 100) {\n        ...PortraitRunItemFields\n      }\n      failedItems: items(status: [FAILED], first: 100) {\n        ...PortraitRunItemFields\n      }\n      toRead: items(contradicted: true, first: 50) {\n        ...PortraitRunItemFields\n      }\n      contradicted\n    }\n  }\n": types.PortraitRunItemsDocument,
    "\n  query PortraitRuns($first: Int) {\n    portraitRuns(first: $first) {\n      ...PortraitRunFields\n    }\n  }\n": types.PortraitRunsDocument,
    "\n  mutation PausePortraitRun($id: ID!) {\n    pausePortraitRun(id: $id) {\n      ...PortraitRunFields\n    }\n  }\n": types.PausePortraitRunDocument,
    "\n  mutation ResumePortraitRun($id: ID!) {\n    resumePortraitRun(id: $id) {\n      ...PortraitRunFields\n    }\n  }\n": types.ResumePortraitRunDocument,
    "\n  mutation CancelPortraitRun($id: ID!) {\n    cancelPortraitRun(id: $id) {\n      ...PortraitRunFields\n    }\n  }\n": types.CancelPortraitRunDocument,
    "\n  mutation RetryFailedPortraits($id: ID!) {\n    retryFailedPortraits(id: $id) {\n      ...PortraitRunFields\n    }\n  }\n": types.RetryFailedPortraitsDocument,
    "\n  subscription PortraitRunProgress($id: ID!) {\n    portraitRunProgress(id: $id) {\n      ...PortraitRunFields\n    }\n  }\n": types.PortraitRunProgressDocument,
    "\n  query Album($id: ID!) {\n    album(id: $id) {\n      id\n      title\n      year\n      label\n      format\n      cover {\n        url(size: 256)\n        url2x: url(size: 512)\n      }\n      artist {\n        id\n        name\n        genres\n        albumCount\n      }\n    }\n  }\n": types.AlbumDocument,
    "\n  mutation AddAlbum($artistId: ID!, $input: AlbumInput!) {\n    addAlbum(artistId: $artistId, input: $input) {\n      id\n      title\n      year\n      label\n      format\n    }\n  }\n": types.AddAlbumDocument,
    "\n  mutation UpdateAlbum($id: ID!, $input: AlbumInput!) {\n    updateAlbum(id: $id, input: $input) {\n      id\n      title\n      year\n      label\n      format\n    }\n  }\n": types.UpdateAlbumDocument,
    "\n  mutation DeleteAlbum($id: ID!) {\n    deleteAlbum(id: $id)\n  }\n": types.DeleteAlbumDocument,
    "\n  query Artist($id: ID!) {\n    artist(id: $id) {\n      id\n      name\n      country\n      genres\n      formedYear\n      endedYear\n      bio\n      cover {\n        url(size: 256)\n        url2x: url(size: 512)\n      }\n      links {\n        label\n        url\n      }\n      albums {\n        id\n        title\n        year\n        label\n        format\n        cover {\n          url(size: 128)\n        }\n      }\n      portraits {\n        ...PortraitFields\n        generation {\n          id\n          writtenWords\n          targetWords\n        }\n      }\n    }\n  }\n": types.ArtistDocument,
    "\n  mutation UpdateArtist($id: ID!, $input: UpdateArtistInput!) {\n    updateArtist(id: $id, input: $input) {\n      id\n      name\n      sortName\n      country\n      genres\n      formedYear\n      endedYear\n      bio\n    }\n  }\n": types.UpdateArtistDocument,
    "\n  mutation DeleteArtist($id: ID!) {\n    deleteArtist(id: $id)\n  }\n": types.DeleteArtistDocument,
    "\n  fragment ArtistListItem on Artist {\n    id\n    name\n    country\n    genres\n    formedYear\n    endedYear\n    albumCount\n    cover {\n      url(size: 128)\n      url2x: url(size: 256)\n    }\n    latestAlbum {\n      id\n      title\n      year\n    }\n  }\n": types.ArtistListItemFragmentDoc,
    "\n  query Artists(\n    $search: String\n    $genre: String\n    $format: AlbumFormat\n    $portrait: Boolean\n    $order: ArtistOrder\n    $startsAt: String\n    $first: Int\n    $after: String\n    $counts: Boolean!\n  ) {\n    artists(search: $search, genre: $genre, format: $format, portrait: $portrait, order: $order, startsAt: $startsAt, first: $first, after: $after) {\n      totalCount @include(if: $counts)\n      albumCount @include(if: $counts)\n      letters @include(if: $counts) {\n        letter\n        count\n      }\n      edges {\n        cursor\n        node {\n          ...ArtistListItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.ArtistsDocument,
    "\n  query Genres {\n    genres\n  }\n": types.GenresDocument,
    "\n  query ImportFolders($path: String) {\n    importFolders(path: $path) {\n      path\n      parent\n      folders {\n        name\n        path\n      }\n    }\n  }\n": types.ImportFoldersDocument,
    "\n  fragment ImportJobFields on ImportJob {\n    id\n    source\n    status\n    phase\n    filesTotal\n    filesRead\n    artistsAdded\n    artistsUpdated\n    albumsAdded\n    albumsUpdated\n    compilations\n    problemCount\n    problems {\n      source\n      message\n    }\n    error {\n      code\n      message\n    }\n  }\n": types.ImportJobFieldsFragmentDoc,
    "\n  query ImportSettings {\n    importSettings {\n      folders\n      maxUploadBytes\n    }\n  }\n": types.ImportSettingsDocument,
    "\n  mutation ImportFile($file: File!) {\n    importFile(file: $file) {\n      ...ImportJobFields\n    }\n  }\n": types.ImportFileDocument,
    "\n  mutation ImportFolder($path: String!) {\n    importFolder(path: $path) {\n      ...ImportJobFields\n    }\n  }\n": types.ImportFolderDocument,
    "\n  mutation LoadDemoCollection {\n    loadDemoCollection {\n      ...ImportJobFields\n    }\n  }\n": types.LoadDemoCollectionDocument,
    "\n  subscription ImportProgress($id: ID!) {\n    importProgress(id: $id) {\n      ...ImportJobFields\n    }\n  }\n": types.ImportProgressDocument,
    "\n  query ExportCollection {\n    exportCollection\n  }\n": types.ExportCollectionDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ArticleErrorFields on ArticleError {\n    code\n    message\n    retryable\n    retryAfterMs\n  }\n"): (typeof documents)["\n  fragment ArticleErrorFields on ArticleError {\n    code\n    message\n    retryable\n    retryAfterMs\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment FactCheckFields on FactCheck {\n    start\n    end\n    kind\n    subject\n    stated\n    expected\n    status\n  }\n"): (typeof documents)["\n  fragment FactCheckFields on FactCheck {\n    start\n    end\n    kind\n    subject\n    stated\n    expected\n    status\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PortraitFields on Article {\n    id\n    status\n    language\n    length\n    tone\n    model\n    createdAt\n    wordCount\n    usage {\n      promptTokens\n      completionTokens\n      reasoningTokens\n    }\n    timings {\n      durationMs\n      tokensPerSecond\n    }\n  }\n"): (typeof documents)["\n  fragment PortraitFields on Article {\n    id\n    status\n    language\n    length\n    tone\n    model\n    createdAt\n    wordCount\n    usage {\n      promptTokens\n      completionTokens\n      reasoningTokens\n    }\n    timings {\n      durationMs\n      tokensPerSecond\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ArticleEndFields on Article {\n    id\n    wordCount\n    status\n    timings {\n      durationMs\n    }\n  }\n"): (typeof documents)["\n  fragment ArticleEndFields on Article {\n    id\n    wordCount\n    status\n    timings {\n      durationMs\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription GenerateArticle($artistId: ID!, $options: ArticleOptions, $regenerate: Boolean, $resume: ResumeFrom) {\n    generateArticle(artistId: $artistId, options: $options, regenerate: $regenerate, resume: $resume) {\n      __typename\n      ... on ArticleMetadata {\n        generationId\n        model\n        offline\n        fromSaved\n        targetWords\n        startedAt\n        language\n        # ArticleDone has a length too, in characters: one response name cannot hold both types.\n        articleLength: length\n        tone\n      }\n      ... on ArticleThinking {\n        generationId\n        since\n      }\n      ... on ArticleChunk {\n        generationId\n        seq\n        offset\n        delta\n      }\n      ... on ArticleDone {\n        generationId\n        finishReason\n        length\n        sha256\n        article {\n          ...ArticleEndFields\n        }\n      }\n      ... on ArticleFactCheck {\n        generationId\n        checks {\n          ...FactCheckFields\n        }\n      }\n      ... on ArticleError {\n        ...ArticleErrorFields\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription GenerateArticle($artistId: ID!, $options: ArticleOptions, $regenerate: Boolean, $resume: ResumeFrom) {\n    generateArticle(artistId: $artistId, options: $options, regenerate: $regenerate, resume: $resume) {\n      __typename\n      ... on ArticleMetadata {\n        generationId\n        model\n        offline\n        fromSaved\n        targetWords\n        startedAt\n        language\n        # ArticleDone has a length too, in characters: one response name cannot hold both types.\n        articleLength: length\n        tone\n      }\n      ... on ArticleThinking {\n        generationId\n        since\n      }\n      ... on ArticleChunk {\n        generationId\n        seq\n        offset\n        delta\n      }\n      ... on ArticleDone {\n        generationId\n        finishReason\n        length\n        sha256\n        article {\n          ...ArticleEndFields\n        }\n      }\n      ... on ArticleFactCheck {\n        generationId\n        checks {\n          ...FactCheckFields\n        }\n      }\n      ... on ArticleError {\n        ...ArticleErrorFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelGeneration($id: ID!) {\n    cancelGeneration(id: $id)\n  }\n"): (typeof documents)["\n  mutation CancelGeneration($id: ID!) {\n    cancelGeneration(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GenerationStatus($id: ID!) {\n    generation(id: $id) {\n      id\n      status\n      language\n      length\n      tone\n    }\n  }\n"): (typeof documents)["\n  query GenerationStatus($id: ID!) {\n    generation(id: $id) {\n      id\n      status\n      language\n      length\n      tone\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartGeneration($artistId: ID!, $options: ArticleOptions, $regenerate: Boolean) {\n    startGeneration(artistId: $artistId, options: $options, regenerate: $regenerate) {\n      __typename\n      ... on Generation {\n        id\n        status\n        model\n        offline\n        targetWords\n        startedAt\n        language\n        length\n        tone\n      }\n      ... on ArticleError {\n        ...ArticleErrorFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation StartGeneration($artistId: ID!, $options: ArticleOptions, $regenerate: Boolean) {\n    startGeneration(artistId: $artistId, options: $options, regenerate: $regenerate) {\n      __typename\n      ... on Generation {\n        id\n        status\n        model\n        offline\n        targetWords\n        startedAt\n        language\n        length\n        tone\n      }\n      ... on ArticleError {\n        ...ArticleErrorFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PollGeneration($id: ID!, $from: Int) {\n    generation(id: $id) {\n      id\n      status\n      text(from: $from)\n    }\n    article(id: $id) {\n      ...ArticleEndFields\n      markdown\n    }\n  }\n"): (typeof documents)["\n  query PollGeneration($id: ID!, $from: Int) {\n    generation(id: $id) {\n      id\n      status\n      text(from: $from)\n    }\n    article(id: $id) {\n      ...ArticleEndFields\n      markdown\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ArticleText($id: ID!) {\n    article(id: $id) {\n      ...PortraitFields\n      markdown\n      factChecks {\n        ...FactCheckFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query ArticleText($id: ID!) {\n    article(id: $id) {\n      ...PortraitFields\n      markdown\n      factChecks {\n        ...FactCheckFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PortraitRunFields on PortraitRun {\n    id\n    status\n    total\n    done\n    failed\n    remaining\n    tokens\n    cost\n    currency\n    budgetTokens\n    budgetCost\n    pausedUntil\n    etaMs\n    language\n    length\n    tone\n    createdAt\n    finishedAt\n  }\n"): (typeof documents)["\n  fragment PortraitRunFields on PortraitRun {\n    id\n    status\n    total\n    done\n    failed\n    remaining\n    tokens\n    cost\n    currency\n    budgetTokens\n    budgetCost\n    pausedUntil\n    etaMs\n    language\n    length\n    tone\n    createdAt\n    finishedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PortraitRunItemFields on PortraitRunItem {\n    id\n    position\n    artist {\n      id\n      name\n    }\n    status\n    attempts\n    generationId\n    contradictions\n    error {\n      code\n      message\n    }\n    tokens\n    cost\n  }\n"): (typeof documents)["\n  fragment PortraitRunItemFields on PortraitRunItem {\n    id\n    position\n    artist {\n      id\n      name\n    }\n    status\n    attempts\n    generationId\n    contradictions\n    error {\n      code\n      message\n    }\n    tokens\n    cost\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EstimatePortraitRun($input: PortraitRunInput!) {\n    estimatePortraitRun(input: $input) {\n      artists\n      tokens\n      cost\n      currency\n    }\n  }\n"): (typeof documents)["\n  query EstimatePortraitRun($input: PortraitRunInput!) {\n    estimatePortraitRun(input: $input) {\n      artists\n      tokens\n      cost\n      currency\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartPortraitRun($input: PortraitRunInput!) {\n    startPortraitRun(input: $input) {\n      ...PortraitRunFields\n    }\n  }\n"): (typeof documents)["\n  mutation StartPortraitRun($input: PortraitRunInput!) {\n    startPortraitRun(input: $input) {\n      ...PortraitRunFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortraitRun($id: ID!) {\n    portraitRun(id: $id) {\n      ...PortraitRunFields\n    }\n  }\n"): (typeof documents)["\n  query PortraitRun($id: ID!) {\n    portraitRun(id: $id) {\n      ...PortraitRunFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortraitRunItems($id: ID!) {\n    portraitRun(id: $id) {\n      id\n      writing: items(status: [RUNNING], first: 100) {\n        ...PortraitRunItemFields\n      }\n      failedItems: items(status: [FAILED], first: 100) {\n        ...PortraitRunItemFields\n      }\n      toRead: items(contradicted: true, first: 50) {\n        ...PortraitRunItemFields\n      }\n      contradicted\n    }\n  }\n"): (typeof documents)["\n  query PortraitRunItems($id: ID!) {\n    portraitRun(id: $id) {\n      id\n      writing: items(status: [RUNNING], first: 100) {\n        ...PortraitRunItemFields\n      }\n      failedItems: items(status: [FAILED], first: 100) {\n        ...PortraitRunItemFields\n      }\n      toRead: items(contradicted: true, first: 50) {\n        ...PortraitRunItemFields\n      }\n      contradicted\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortraitRuns($first: Int) {\n    portraitRuns(first: $first) {\n      ...PortraitRunFields\n    }\n  }\n"): (typeof documents)["\n  query PortraitRuns($first: Int) {\n    portraitRuns(first: $first) {\n      ...PortraitRunFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PausePortraitRun($id: ID!) {\n    pausePortraitRun(id: $id) {\n      ...PortraitRunFields\n    }\n  }\n"): (typeof documents)["\n  mutation PausePortraitRun($id: ID!) {\n    pausePortraitRun(id: $id) {\n      ...PortraitRunFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResumePortraitRun($id: ID!) {\n    resumePortraitRun(id: $id) {\n      ...PortraitRunFields\n    }\n  }\n"): (typeof documents)["\n  mutation ResumePortraitRun($id: ID!) {\n    resumePortraitRun(id: $id) {\n      ...PortraitRunFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelPortraitRun($id: ID!) {\n    cancelPortraitRun(id: $id) {\n      ...PortraitRunFields\n    }\n  }\n"): (typeof documents)["\n  mutation CancelPortraitRun($id: ID!) {\n    cancelPortraitRun(id: $id) {\n      ...PortraitRunFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetryFailedPortraits($id: ID!) {\n    retryFailedPortraits(id: $id) {\n      ...PortraitRunFields\n    }\n  }\n"): (typeof documents)["\n  mutation RetryFailedPortraits($id: ID!) {\n    retryFailedPortraits(id: $id) {\n      ...PortraitRunFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PortraitRunProgress($id: ID!) {\n    portraitRunProgress(id: $id) {\n      ...PortraitRunFields\n    }\n  }\n"): (typeof documents)["\n  subscription PortraitRunProgress($id: ID!) {\n    portraitRunProgress(id: $id) {\n      ...PortraitRunFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Album($id: ID!) {\n    album(id: $id) {\n      id\n      title\n      year\n      label\n      format\n      cover {\n        url(size: 256)\n        url2x: url(size: 512)\n      }\n      artist {\n        id\n        name\n        genres\n        albumCount\n      }\n    }\n  }\n"): (typeof documents)["\n  query Album($id: ID!) {\n    album(id: $id) {\n      id\n      title\n      year\n      label\n      format\n      cover {\n        url(size: 256)\n        url2x: url(size: 512)\n      }\n      artist {\n        id\n        name\n        genres\n        albumCount\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddAlbum($artistId: ID!, $input: AlbumInput!) {\n    addAlbum(artistId: $artistId, input: $input) {\n      id\n      title\n      year\n      label\n      format\n    }\n  }\n"): (typeof documents)["\n  mutation AddAlbum($artistId: ID!, $input: AlbumInput!) {\n    addAlbum(artistId: $artistId, input: $input) {\n      id\n      title\n      year\n      label\n      format\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateAlbum($id: ID!, $input: AlbumInput!) {\n    updateAlbum(id: $id, input: $input) {\n      id\n      title\n      year\n      label\n      format\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateAlbum($id: ID!, $input: AlbumInput!) {\n    updateAlbum(id: $id, input: $input) {\n      id\n      title\n      year\n      label\n      format\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteAlbum($id: ID!) {\n    deleteAlbum(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteAlbum($id: ID!) {\n    deleteAlbum(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Artist($id: ID!) {\n    artist(id: $id) {\n      id\n      name\n      country\n      genres\n      formedYear\n      endedYear\n      bio\n      cover {\n        url(size: 256)\n        url2x: url(size: 512)\n      }\n      links {\n        label\n        url\n      }\n      albums {\n        id\n        title\n        year\n        label\n        format\n        cover {\n          url(size: 128)\n        }\n      }\n      portraits {\n        ...PortraitFields\n        generation {\n          id\n          writtenWords\n          targetWords\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Artist($id: ID!) {\n    artist(id: $id) {\n      id\n      name\n      country\n      genres\n      formedYear\n      endedYear\n      bio\n      cover {\n        url(size: 256)\n        url2x: url(size: 512)\n      }\n      links {\n        label\n        url\n      }\n      albums {\n        id\n        title\n        year\n        label\n        format\n        cover {\n          url(size: 128)\n        }\n      }\n      portraits {\n        ...PortraitFields\n        generation {\n          id\n          writtenWords\n          targetWords\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateArtist($id: ID!, $input: UpdateArtistInput!) {\n    updateArtist(id: $id, input: $input) {\n      id\n      name\n      sortName\n      country\n      genres\n      formedYear\n      endedYear\n      bio\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateArtist($id: ID!, $input: UpdateArtistInput!) {\n    updateArtist(id: $id, input: $input) {\n      id\n      name\n      sortName\n      country\n      genres\n      formedYear\n      endedYear\n      bio\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteArtist($id: ID!) {\n    deleteArtist(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteArtist($id: ID!) {\n    deleteArtist(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ArtistListItem on Artist {\n    id\n    name\n    country\n    genres\n    formedYear\n    endedYear\n    albumCount\n    cover {\n      url(size: 128)\n      url2x: url(size: 256)\n    }\n    latestAlbum {\n      id\n      title\n      year\n    }\n  }\n"): (typeof documents)["\n  fragment ArtistListItem on Artist {\n    id\n    name\n    country\n    genres\n    formedYear\n    endedYear\n    albumCount\n    cover {\n      url(size: 128)\n      url2x: url(size: 256)\n    }\n    latestAlbum {\n      id\n      title\n      year\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Artists(\n    $search: String\n    $genre: String\n    $format: AlbumFormat\n    $portrait: Boolean\n    $order: ArtistOrder\n    $startsAt: String\n    $first: Int\n    $after: String\n    $counts: Boolean!\n  ) {\n    artists(search: $search, genre: $genre, format: $format, portrait: $portrait, order: $order, startsAt: $startsAt, first: $first, after: $after) {\n      totalCount @include(if: $counts)\n      albumCount @include(if: $counts)\n      letters @include(if: $counts) {\n        letter\n        count\n      }\n      edges {\n        cursor\n        node {\n          ...ArtistListItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query Artists(\n    $search: String\n    $genre: String\n    $format: AlbumFormat\n    $portrait: Boolean\n    $order: ArtistOrder\n    $startsAt: String\n    $first: Int\n    $after: String\n    $counts: Boolean!\n  ) {\n    artists(search: $search, genre: $genre, format: $format, portrait: $portrait, order: $order, startsAt: $startsAt, first: $first, after: $after) {\n      totalCount @include(if: $counts)\n      albumCount @include(if: $counts)\n      letters @include(if: $counts) {\n        letter\n        count\n      }\n      edges {\n        cursor\n        node {\n          ...ArtistListItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Genres {\n    genres\n  }\n"): (typeof documents)["\n  query Genres {\n    genres\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ImportFolders($path: String) {\n    importFolders(path: $path) {\n      path\n      parent\n      folders {\n        name\n        path\n      }\n    }\n  }\n"): (typeof documents)["\n  query ImportFolders($path: String) {\n    importFolders(path: $path) {\n      path\n      parent\n      folders {\n        name\n        path\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ImportJobFields on ImportJob {\n    id\n    source\n    status\n    phase\n    filesTotal\n    filesRead\n    artistsAdded\n    artistsUpdated\n    albumsAdded\n    albumsUpdated\n    compilations\n    problemCount\n    problems {\n      source\n      message\n    }\n    error {\n      code\n      message\n    }\n  }\n"): (typeof documents)["\n  fragment ImportJobFields on ImportJob {\n    id\n    source\n    status\n    phase\n    filesTotal\n    filesRead\n    artistsAdded\n    artistsUpdated\n    albumsAdded\n    albumsUpdated\n    compilations\n    problemCount\n    problems {\n      source\n      message\n    }\n    error {\n      code\n      message\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ImportSettings {\n    importSettings {\n      folders\n      maxUploadBytes\n    }\n  }\n"): (typeof documents)["\n  query ImportSettings {\n    importSettings {\n      folders\n      maxUploadBytes\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ImportFile($file: File!) {\n    importFile(file: $file) {\n      ...ImportJobFields\n    }\n  }\n"): (typeof documents)["\n  mutation ImportFile($file: File!) {\n    importFile(file: $file) {\n      ...ImportJobFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ImportFolder($path: String!) {\n    importFolder(path: $path) {\n      ...ImportJobFields\n    }\n  }\n"): (typeof documents)["\n  mutation ImportFolder($path: String!) {\n    importFolder(path: $path) {\n      ...ImportJobFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LoadDemoCollection {\n    loadDemoCollection {\n      ...ImportJobFields\n    }\n  }\n"): (typeof documents)["\n  mutation LoadDemoCollection {\n    loadDemoCollection {\n      ...ImportJobFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ImportProgress($id: ID!) {\n    importProgress(id: $id) {\n      ...ImportJobFields\n    }\n  }\n"): (typeof documents)["\n  subscription ImportProgress($id: ID!) {\n    importProgress(id: $id) {\n      ...ImportJobFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExportCollection {\n    exportCollection\n  }\n"): (typeof documents)["\n  query ExportCollection {\n    exportCollection\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;