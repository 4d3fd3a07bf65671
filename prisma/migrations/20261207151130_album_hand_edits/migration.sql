-- AlterTable
ALTER TABLE "albums" ADD COLUMN     "edited_fields" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "former_title_keys" TEXT[] DEFAULT ARRAY[]::TEXT[];
