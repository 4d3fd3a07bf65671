-- AlterEnum
ALTER TYPE "article_status" ADD VALUE 'WRITING';

-- AlterTable
ALTER TABLE "articles" ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateIndex
CREATE INDEX "articles_status_updated_at_idx" ON "articles"("status", "updated_at");
