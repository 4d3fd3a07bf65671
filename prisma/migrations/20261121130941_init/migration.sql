-- CreateEnum
CREATE TYPE "album_format" AS ENUM ('VINYL', 'CD', 'CASSETTE', 'DIGITAL');

-- CreateEnum
CREATE TYPE "article_status" AS ENUM ('COMPLETE', 'CANCELLED', 'FAILED');

-- CreateEnum
CREATE TYPE "article_length" AS ENUM ('SHORT', 'MEDIUM', 'LONG');

-- CreateEnum
CREATE TYPE "article_tone" AS ENUM ('NEUTRAL', 'ENTHUSIASTIC', 'SCHOLARLY');

-- CreateTable
CREATE TABLE "artists" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "sort_name" TEXT NOT NULL,
    "search_text" TEXT NOT NULL,
    "country" TEXT,
    "genres" TEXT[],
    "formed_year" INTEGER,
    "ended_year" INTEGER,
    "bio" TEXT,
    "links" JSONB NOT NULL DEFAULT '[]',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "artists_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "albums" (
    "id" UUID NOT NULL,
    "artist_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "year" INTEGER,
    "label" TEXT,
    "format" "album_format" NOT NULL DEFAULT 'VINYL',

    CONSTRAINT "albums_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "articles" (
    "id" UUID NOT NULL,
    "artist_id" UUID NOT NULL,
    "markdown" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "length" "article_length" NOT NULL,
    "tone" "article_tone" NOT NULL DEFAULT 'NEUTRAL',
    "model" TEXT NOT NULL,
    "status" "article_status" NOT NULL,
    "finish_reason" TEXT,
    "prompt_tokens" INTEGER,
    "completion_tokens" INTEGER,
    "first_token_ms" INTEGER,
    "duration_ms" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "articles_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "artists_slug_key" ON "artists"("slug");

-- CreateIndex
CREATE INDEX "artists_sort_name_id_idx" ON "artists"("sort_name", "id");

-- CreateIndex
CREATE INDEX "albums_artist_id_year_idx" ON "albums"("artist_id", "year");

-- CreateIndex
CREATE UNIQUE INDEX "albums_artist_id_title_key" ON "albums"("artist_id", "title");

-- CreateIndex
CREATE INDEX "articles_artist_id_language_length_tone_status_created_at_idx" ON "articles"("artist_id", "language", "length", "tone", "status", "created_at" DESC);

-- AddForeignKey
ALTER TABLE "albums" ADD CONSTRAINT "albums_artist_id_fkey" FOREIGN KEY ("artist_id") REFERENCES "artists"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "articles" ADD CONSTRAINT "articles_artist_id_fkey" FOREIGN KEY ("artist_id") REFERENCES "artists"("id") ON DELETE CASCADE ON UPDATE CASCADE;
