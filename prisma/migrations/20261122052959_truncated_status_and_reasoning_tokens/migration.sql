-- AlterEnum
ALTER TYPE "article_status" ADD VALUE 'TRUNCATED';

-- AlterTable
ALTER TABLE "articles" ADD COLUMN     "reasoning_tokens" INTEGER;
