-- DropIndex
DROP INDEX "albums_artist_id_title_key";

-- DropIndex
DROP INDEX "artists_sort_name_id_idx";

-- AlterTable
ALTER TABLE "albums" ADD COLUMN     "musicbrainz_id" TEXT,
ADD COLUMN     "title_key" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "artists" ADD COLUMN     "edited_fields" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "musicbrainz_id" TEXT,
ADD COLUMN     "name_key" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "sort_key" TEXT NOT NULL DEFAULT '';

-- Backfill the keys the application computes on write (prisma/src/keys.ts). SQL has no
-- Unicode decomposition here, so accents are folded by table: enough for rows written before
-- the keys existed, which every later write recomputes in full.
CREATE FUNCTION pg_temp.fold(value TEXT) RETURNS TEXT AS $$
  SELECT btrim(regexp_replace(lower(translate(value,
    'ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿ',
    'AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOOooooooUUUUuuuuYyy')), '\s+', ' ', 'g'))
$$ LANGUAGE SQL IMMUTABLE;

CREATE FUNCTION pg_temp.match_key(value TEXT) RETURNS TEXT AS $$
  SELECT btrim(regexp_replace(regexp_replace(regexp_replace(pg_temp.fold(value), '^the\s+', ''), ',\s*the$', ''), '[^[:alnum:]]+', ' ', 'g'))
$$ LANGUAGE SQL IMMUTABLE;

UPDATE "albums" SET "title_key" = pg_temp.match_key("title");
UPDATE "artists" SET "sort_key" = btrim(regexp_replace(regexp_replace(pg_temp.fold("sort_name"), '[^[:alnum:][:space:]]', '', 'g'), '\s+', ' ', 'g')), "name_key" = pg_temp.match_key("name");
UPDATE "artists" SET "search_text" = pg_temp.fold(concat_ws(' ', "name", "sort_name",
  (SELECT string_agg("title", ' ' ORDER BY "title") FROM "albums" WHERE "albums"."artist_id" = "artists"."id")));
ALTER TABLE "albums" ALTER COLUMN "title_key" DROP DEFAULT;

-- CreateIndex
CREATE UNIQUE INDEX "albums_artist_id_title_key_key" ON "albums"("artist_id", "title_key");

-- CreateIndex
CREATE UNIQUE INDEX "artists_musicbrainz_id_key" ON "artists"("musicbrainz_id");

-- CreateIndex
CREATE INDEX "artists_sort_key_id_idx" ON "artists"("sort_key", "id");

-- CreateIndex
CREATE INDEX "artists_name_key_idx" ON "artists"("name_key");
