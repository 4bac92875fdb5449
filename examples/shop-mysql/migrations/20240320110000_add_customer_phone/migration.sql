-- AlterTable
ALTER TABLE `customers` ADD COLUMN `phone` VARCHAR(32) NULL, ALGORITHM=INSTANT;

-- Backfill
UPDATE `customers` SET `phone` = '' WHERE `phone` IS NULL AND `email` LIKE '%@example.com';
