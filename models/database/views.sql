-- Views of outputs/polex.db for the analysts' questions, created by pipeline/database.py.
-- Two entities are "together" when they are mentioned in the same section of a document.

-- Every amount, once, with its document's date and year and the countries of its section
-- (a JSON array, so that Datasette can facet on it).
CREATE VIEW amounts AS
SELECT a.id AS entity_id, a.doc_id, d.title, a.section_id, a.page, a.text, a.norm,
       a.amount_value AS value, a.amount_high AS high, a.currency, d.date AS document_date, d.year,
       (SELECT json_group_array(DISTINCT c.norm) FROM entities c
         WHERE c.doc_id = a.doc_id AND c.section_id = a.section_id AND c.label = 'COUNTRY') AS countries
FROM entities a JOIN documents d ON d.doc_id = a.doc_id
WHERE a.label = 'AMOUNT';

-- Amounts summed by country, document year and currency; an amount counts for every
-- country of its section.
CREATE VIEW amounts_by_country_year AS
SELECT c.norm AS country, k.name AS country_name, d.year, a.currency,
       COUNT(DISTINCT a.id) AS amounts, SUM(a.amount_value) AS total_value
FROM entities a
JOIN documents d ON d.doc_id = a.doc_id
JOIN (SELECT DISTINCT doc_id, section_id, norm FROM entities WHERE label = 'COUNTRY') c
  ON c.doc_id = a.doc_id AND c.section_id = a.section_id
LEFT JOIN countries k ON k.code = c.norm
WHERE a.label = 'AMOUNT'
GROUP BY c.norm, d.year, a.currency;

-- Organizations mentioned together with a country: in how many sections and documents.
CREATE VIEW organizations_with_countries AS
SELECT c.norm AS country, k.name AS country_name, o.norm AS organization,
       COUNT(*) AS sections, COUNT(DISTINCT o.doc_id) AS documents
FROM (SELECT DISTINCT doc_id, section_id, norm FROM entities WHERE label = 'ORG') o
JOIN (SELECT DISTINCT doc_id, section_id, norm FROM entities WHERE label = 'COUNTRY') c
  ON c.doc_id = o.doc_id AND c.section_id = o.section_id
LEFT JOIN countries k ON k.code = c.norm
GROUP BY c.norm, o.norm;

-- Each organization or country against each dated mention of its section: when it was
-- spoken of. One row per entity norm and date mention.
CREATE VIEW entity_timeline AS
SELECT e.label, e.norm AS entity, t.date_start, t.date_end, t.norm AS date, t.text,
       t.id AS entity_id, e.doc_id, e.section_id, COUNT(*) AS mentions
FROM entities e
JOIN entities t ON t.doc_id = e.doc_id AND t.section_id = e.section_id AND t.label = 'DATE'
WHERE e.label IN ('ORG', 'COUNTRY') AND t.date_start IS NOT NULL
GROUP BY e.label, e.norm, t.id;
