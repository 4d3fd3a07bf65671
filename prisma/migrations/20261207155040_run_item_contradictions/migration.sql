-- AlterTable
ALTER TABLE "portrait_run_items" ADD COLUMN     "contradictions" INTEGER;
