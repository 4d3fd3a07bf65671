-- AlterTable
ALTER TABLE "albums" ADD COLUMN     "cover_hash" TEXT;

-- CreateTable
CREATE TABLE "covers" (
    "hash" TEXT NOT NULL,
    "mime" TEXT NOT NULL,
    "bytes" BYTEA NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "covers_pkey" PRIMARY KEY ("hash")
);

-- AddForeignKey
ALTER TABLE "albums" ADD CONSTRAINT "albums_cover_hash_fkey" FOREIGN KEY ("cover_hash") REFERENCES "covers"("hash") ON DELETE SET NULL ON UPDATE CASCADE;
