-- AlterTable
ALTER TABLE "datasets" ADD COLUMN     "revision" INTEGER NOT NULL DEFAULT 0;
