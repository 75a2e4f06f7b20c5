-- The dashboard language an account chose ('en' or 'zh-CN'); NULL until it chooses, when the
-- browser's cookie or Accept-Language decides. Kept on the account so the choice follows it to
-- every device it signs in on.
ALTER TABLE "accounts" ADD COLUMN "locale" TEXT;
