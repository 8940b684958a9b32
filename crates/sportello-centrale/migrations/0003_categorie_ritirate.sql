-- Forma.Temp may withdraw a category during a campaign: it stays for the declarations
-- already acquired, but uploads judged after the withdrawal may no longer name it.
ALTER TABLE fasce_deboli_categorie ADD COLUMN ritirata_il TEXT;
