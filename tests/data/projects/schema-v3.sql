-- An etprio project in format 3: tests/project_builders.py sample_project() as etprio 0.1.0 saved it.
-- Never edit: it stands for the files users already have. Add schema-vN.sql for each new format.
PRAGMA application_id = 1163153490;
PRAGMA user_version = 3;
BEGIN TRANSACTION;
CREATE TABLE absences (member_id TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT INTO "absences" VALUES('M06');
CREATE TABLE bid_grant_years (
    bid_id TEXT NOT NULL,
    year TEXT NOT NULL,
    amount REAL NOT NULL,
    PRIMARY KEY (bid_id, year)
) WITHOUT ROWID;
CREATE TABLE bid_scores (
    bid_id TEXT NOT NULL,
    column_name TEXT NOT NULL,
    position INTEGER NOT NULL,
    score REAL NOT NULL,
    PRIMARY KEY (bid_id, column_name)
) WITHOUT ROWID;
INSERT INTO "bid_scores" VALUES('B01','access_score',0,3.0);
INSERT INTO "bid_scores" VALUES('B01','capacity_score',1,4.0);
INSERT INTO "bid_scores" VALUES('B01','training_score',2,2.5);
INSERT INTO "bid_scores" VALUES('B01','wider_services_score',3,3.5);
INSERT INTO "bid_scores" VALUES('B02','access_score',0,3.0);
INSERT INTO "bid_scores" VALUES('B02','capacity_score',1,4.0);
INSERT INTO "bid_scores" VALUES('B02','training_score',2,2.5);
INSERT INTO "bid_scores" VALUES('B02','wider_services_score',3,3.5);
INSERT INTO "bid_scores" VALUES('B03','access_score',0,3.0);
INSERT INTO "bid_scores" VALUES('B03','capacity_score',1,4.0);
INSERT INTO "bid_scores" VALUES('B03','training_score',2,2.5);
INSERT INTO "bid_scores" VALUES('B03','wider_services_score',3,3.5);
INSERT INTO "bid_scores" VALUES('B04','access_score',0,3.0);
INSERT INTO "bid_scores" VALUES('B04','capacity_score',1,4.0);
INSERT INTO "bid_scores" VALUES('B04','training_score',2,2.5);
INSERT INTO "bid_scores" VALUES('B04','wider_services_score',3,3.5);
CREATE TABLE bids (
    position INTEGER PRIMARY KEY,
    bid_id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    practice_code TEXT NOT NULL,
    scheme_type TEXT NOT NULL,
    premises_id TEXT,
    capital_cost_gbp REAL NOT NULL,
    grant_pct REAL NOT NULL,
    recurrent_revenue_gbp REAL NOT NULL,
    expected_completion TEXT NOT NULL,
    land_secured INTEGER,
    planning_status TEXT,
    population_benefit REAL,
    depends_on TEXT NOT NULL,
    notes TEXT NOT NULL
);
INSERT INTO "bids" VALUES(0,'B01','Scheme B01 — £ & <b>','A81001','estates','P1',250000.5,66.0,0.0,'2017-02-28',1,'granted',NULL,'[]','confidential note');
INSERT INTO "bids" VALUES(1,'B02','Scheme B02 — £ & <b>','A81002','technology',NULL,250000.5,66.0,0.0,'2017-02-28',NULL,NULL,NULL,'["B01"]','');
INSERT INTO "bids" VALUES(2,'B03','Scheme B03 — £ & <b>','A81003','estates','P3',250000.5,66.0,12000.0,'2017-02-28',0,NULL,4000.0,'[]','');
INSERT INTO "bids" VALUES(3,'B04','Scheme B04 — £ & <b>','A81004','technology',NULL,250000.5,66.0,0.0,'2017-02-28',NULL,NULL,NULL,'[]','');
CREATE TABLE committee_rules (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    quorum_min_voting INTEGER NOT NULL,
    quorum_lay_member INTEGER NOT NULL,
    quorum_lay_majority INTEGER NOT NULL,
    aggregate TEXT NOT NULL,
    chair_id TEXT
);
INSERT INTO "committee_rules" VALUES(1,3,1,0,'median','M01');
CREATE TABLE criteria_set (id INTEGER PRIMARY KEY CHECK (id = 1), definition TEXT NOT NULL);
INSERT INTO "criteria_set" VALUES(1,'{"name": "ETTF 2016 — illustrative local weights", "assessment_date": "2016-06-30", "neutral": 0.5, "source": "/work/wt/phasing/resources/criteria/ettf-2016.toml", "deliverability": {"deadlines": ["2017-03-31", "2019-03-31"], "cohort_values": [1.0, 0.5, 0.0], "cohort_weight": 0.7, "readiness_weight": 0.3, "land": {"yes": 1.0, "no": 0.0}, "planning": {"granted": 1.0, "not_required": 1.0, "applied": 0.5, "none": 0.0}, "technology_readiness": 1.0}, "facet_weights": {"physical_condition": 0.25, "functional_suitability": 0.25, "space_utilisation": 0.2, "quality": 0.1, "statutory_compliance": 0.15, "environmental_management": 0.05}, "gates": {"ineligible_cohorts": [3], "technology_ig_zero": true}, "criteria": [{"key": "access", "label": "Extended and seven-day access", "kind": "assessor", "group": "Core NHS England criteria", "column": "access_score", "cap": null, "applies_to": ["estates", "technology"]}, {"key": "capacity", "label": "Clinical capacity out of hospital", "kind": "assessor", "group": "Core NHS England criteria", "column": "capacity_score", "cap": null, "applies_to": ["estates", "technology"]}, {"key": "training", "label": "Training capacity", "kind": "assessor", "group": "Core NHS England criteria", "column": "training_score", "cap": null, "applies_to": ["estates", "technology"]}, {"key": "wider_services", "label": "Wider services reducing unplanned admissions", "kind": "assessor", "group": "Core NHS England criteria", "column": "wider_services_score", "cap": null, "applies_to": ["estates", "technology"]}, {"key": "premises_need", "label": "Premises need (six-facet survey)", "kind": "six_facet", "group": "Need and deliverability", "column": null, "cap": null, "applies_to": ["estates"]}, {"key": "deliverability", "label": "Deliverability by the fund''s deadlines", "kind": "deliverability", "group": "Need and deliverability", "column": null, "cap": null, "applies_to": ["estates", "technology"]}, {"key": "recurrent_liability", "label": "Recurrent revenue liability to the CCG", "kind": "cost", "group": "Affordability", "column": "recurrent_revenue_gbp", "cap": 100000.0, "applies_to": ["estates", "technology"]}, {"key": "population", "label": "Patients who benefit", "kind": "benefit_capped", "group": "Affordability", "column": "population_benefit", "cap": 20000.0, "applies_to": ["estates", "technology"]}, {"key": "engagement", "label": "Patient involvement and engagement", "kind": "assessor", "group": "Estates criteria", "column": "engagement_score", "cap": null, "applies_to": ["estates"]}, {"key": "strategy_fit", "label": "Fit with the Local Estates Strategy", "kind": "assessor", "group": "Estates criteria", "column": "strategy_fit_score", "cap": null, "applies_to": ["estates"]}, {"key": "digital_roadmap", "label": "Fit with the Local Digital Roadmap", "kind": "assessor", "group": "Technology criteria", "column": "digital_roadmap_score", "cap": null, "applies_to": ["technology"]}, {"key": "ig", "label": "Information governance", "kind": "assessor", "group": "Technology criteria", "column": "ig_score", "cap": null, "applies_to": ["technology"]}]}');
CREATE TABLE decision_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    details TEXT NOT NULL,
    rationale TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO "decision_log" VALUES(1,'2016-06-30T10:00:00Z','lead@ccg','import','{"summary":"Imported 4 bids"}','','0000000000000000000000000000000000000000000000000000000000000000','79e6e2650cfcec761fd93f6244a8657b93e8f42648bad63aee50a7d5d1e0e0af');
INSERT INTO "decision_log" VALUES(2,'2016-06-30T10:00:00Z','lead@ccg','weight_change','{"summary":"training 10 → 20","to":{"training":20.0}}','workforce strategy','79e6e2650cfcec761fd93f6244a8657b93e8f42648bad63aee50a7d5d1e0e0af','7b7d998f44df820e1bdae9d2127aa8dd1eb8854f463a3c48bff338d8373e6271');
INSERT INTO "decision_log" VALUES(3,'2016-06-30T10:00:00Z','lead@ccg','recusal','{"summary":"Dr Helen Ashworth left for B01"}','','7b7d998f44df820e1bdae9d2127aa8dd1eb8854f463a3c48bff338d8373e6271','2742f068f5b7d3b6d1976243507032741052ef91d3ad95e713cecc7b0bfd81f9');
CREATE TABLE declarations (
    declaration_id INTEGER PRIMARY KEY,
    member_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    description TEXT NOT NULL,
    declared_on TEXT NOT NULL,
    practice_code TEXT,
    bid_id TEXT,
    withheld INTEGER NOT NULL
);
INSERT INTO "declarations" VALUES(1,'M04','personal','Sister is practice manager','2016-06-01',NULL,'B03',0);
INSERT INTO "declarations" VALUES(2,'M05','professional','Governor of the hospice','2016-05-02',NULL,NULL,1);
CREATE TABLE grade_scales (id INTEGER PRIMARY KEY CHECK (id = 1), definition TEXT NOT NULL);
INSERT INTO "grade_scales" VALUES(1,'{"source": "/work/wt/phasing/resources/scales/six-facet.toml", "tables": [["physical_condition", [["A", 0.0], ["B", 0.33], ["B(C)", 0.5], ["C", 0.67], ["D", 1.0], ["X", 1.0]]], ["functional_suitability", [["A", 0.0], ["B", 0.33], ["C", 0.67], ["D", 1.0]]], ["space_utilisation", [["E", 0.0], ["U", 0.2], ["F", 0.6], ["O", 1.0]]], ["quality", [["A", 0.0], ["B", 0.33], ["C", 0.67], ["D", 1.0]]], ["statutory_compliance", [["A", 0.0], ["B", 0.33], ["C", 0.67], ["D", 1.0]]], ["environmental_management", [["A", 0.0], ["B", 0.33], ["C", 0.67], ["D", 1.0]]]]}');
CREATE TABLE member_scores (
    member_id TEXT NOT NULL,
    bid_id TEXT NOT NULL,
    column_name TEXT NOT NULL,
    score REAL NOT NULL,
    PRIMARY KEY (member_id, bid_id, column_name)
) WITHOUT ROWID;
INSERT INTO "member_scores" VALUES('M01','B01','access_score',4.0);
INSERT INTO "member_scores" VALUES('M01','B03','access_score',1.0);
INSERT INTO "member_scores" VALUES('M02','B01','access_score',2.0);
INSERT INTO "member_scores" VALUES('M03','B01','access_score',5.0);
INSERT INTO "member_scores" VALUES('M04','B03','access_score',5.0);
INSERT INTO "member_scores" VALUES('M05','B03','access_score',3.0);
CREATE TABLE members (
    position INTEGER PRIMARY KEY,
    member_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    voting INTEGER NOT NULL,
    practice_codes TEXT NOT NULL
);
INSERT INTO "members" VALUES(0,'M01','Margaret Oduya','lay_member',1,'[]');
INSERT INTO "members" VALUES(1,'M02','David Fenwick','lay_member',1,'[]');
INSERT INTO "members" VALUES(2,'M03','Dr Helen Ashworth','gp',1,'["A81001"]');
INSERT INTO "members" VALUES(3,'M04','Dr Rajesh Patel','gp',1,'["A81009"]');
INSERT INTO "members" VALUES(4,'M05','Sarah Quinlan','ccg_officer',1,'[]');
INSERT INTO "members" VALUES(5,'M06','Dr Tom Hale','lmc_observer',0,'[]');
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO "meta" VALUES('application','etprio');
INSERT INTO "meta" VALUES('created_at','2016-06-30T10:00:00Z');
INSERT INTO "meta" VALUES('created_with','0.1.0');
INSERT INTO "meta" VALUES('log_head','2742f068f5b7d3b6d1976243507032741052ef91d3ad95e713cecc7b0bfd81f9');
INSERT INTO "meta" VALUES('log_length','3');
INSERT INTO "meta" VALUES('saved_at','2026-12-03T13:28:40Z');
INSERT INTO "meta" VALUES('saved_by','root@vm');
INSERT INTO "meta" VALUES('saved_with','0.1.0');
CREATE TABLE overrides (
    bid_id TEXT NOT NULL,
    column_name TEXT NOT NULL,
    score REAL NOT NULL,
    rationale TEXT NOT NULL,
    member_id TEXT,
    at TEXT NOT NULL,
    PRIMARY KEY (bid_id, column_name)
) WITHOUT ROWID;
INSERT INTO "overrides" VALUES('B04','training_score',4.5,'Teaching practice','M01','2016-06-30T10:00:00Z');
CREATE TABLE premises (
    position INTEGER PRIMARY KEY,
    premises_id TEXT NOT NULL UNIQUE,
    practice_code TEXT NOT NULL,
    premises_name TEXT NOT NULL,
    survey_date TEXT,
    gia_m2 REAL,
    backlog_cost_gbp REAL,
    current_rent_gbp REAL,
    list_size REAL,
    grades TEXT NOT NULL
);
INSERT INTO "premises" VALUES(0,'P1','A81001','Mill Street','2015-03-01',NULL,NULL,NULL,NULL,'[["physical_condition", "C"]]');
INSERT INTO "premises" VALUES(1,'P3','A81003','Riverside',NULL,NULL,NULL,NULL,9000.0,'[["space_utilisation", "O"]]');
CREATE TABLE scenarios (
    position INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    weights TEXT NOT NULL,
    note TEXT NOT NULL,
    saved_at TEXT NOT NULL
);
INSERT INTO "scenarios" VALUES(0,'Training first','[["training", 30.0], ["access", 10.0]]','what if','2016-06-30T10:00:00Z');
CREATE TABLE seals (table_name TEXT PRIMARY KEY, digest TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO "seals" VALUES('absences','32524176e7c34032babb97168106c68a72d2033a3c92089a764f6a89b8cdeb8d');
INSERT INTO "seals" VALUES('bid_grant_years','2c0085aab1da9f3f9957caf7a0b9fa40be02d533d8590f9de327bc655bc775db');
INSERT INTO "seals" VALUES('bid_scores','3e122342922d904c5c32d283f83ccc939e67db332fabf8410b402a2797da54ac');
INSERT INTO "seals" VALUES('bids','d328c1ca28064eb626722aff805e180b2291582d12e626176bf0fc0b93f859bf');
INSERT INTO "seals" VALUES('committee_rules','00ae13478a7e9fd55d6fcd59bafc96839ec7cb99c4d040f9a14c226540bb7b10');
INSERT INTO "seals" VALUES('criteria_set','2a47171014eb5c3d0e286f71574f1d56b441a699c5f5c7964d45d9c08df18b7e');
INSERT INTO "seals" VALUES('declarations','93353eeb28ae5dd0d55488376df5432dfd38703d13ea87d6f56f6db2c5cc1c77');
INSERT INTO "seals" VALUES('grade_scales','a748587f4a36d3ceb5ab9199e01d583daac831f5678e8d0ad5149d191ecbb8ac');
INSERT INTO "seals" VALUES('member_scores','379bceec4e2bcfb374eb2168c7152f2d8820acb1feeb43ba52b2dac1ba007659');
INSERT INTO "seals" VALUES('members','8e0e8a3420d450df10db049660cc8723e339609a9928a5183f2253d9d5214418');
INSERT INTO "seals" VALUES('overrides','90be207b69a225e37257c2f906167ac6acce568516da6167c81e62304d7fa28f');
INSERT INTO "seals" VALUES('premises','9d5e140c8859187d59541eb8c08ca36aa2d7e6ca962eb9c5c57f893208d1b2ae');
INSERT INTO "seals" VALUES('scenarios','ec97095bc6d81d502ba5b35a75ff1558765e3d796147b2beab462dac1d7c9ef7');
INSERT INTO "seals" VALUES('settings','5ac42943f86f7cc2b4b64a27c0bcee60852b8ba6c86f65afa98af68dbfc7cc13');
INSERT INTO "seals" VALUES('stepped_out','67fbcb4c212d73447146c05fcccb1b9e352922e181b549856f7197fad95b8051');
INSERT INTO "seals" VALUES('weight_answers','3783c2c2ffabfb32b98d81edaa13f4fee44ab6e91533547feb422b3e5650f46b');
INSERT INTO "seals" VALUES('weights','9847f364a254c80813d5ac487d85d1c45999ccafad12280b821d3467bdaa1696');
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO "settings" VALUES('funding','{"capital_envelope": 2500000.0, "recurrent_headroom": 150000.0, "horizon_years": 7}');
INSERT INTO "settings" VALUES('report','{"ccg_name": "NHS Valeton CCG", "ccg_code": "", "title": "ETTF 2016", "version": "0.3", "protective_marking": "OFFICIAL", "confidential": ["notes", "title"], "logo": ""}');
CREATE TABLE stepped_out (
    member_id TEXT NOT NULL,
    bid_id TEXT NOT NULL,
    PRIMARY KEY (member_id, bid_id)
) WITHOUT ROWID;
INSERT INTO "stepped_out" VALUES('M05','B04');
CREATE TABLE weight_answers (
    member_id TEXT PRIMARY KEY,
    method TEXT NOT NULL,
    answers TEXT NOT NULL,
    answered_at TEXT NOT NULL,
    source TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE weights (
    position INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    weight REAL NOT NULL
);
INSERT INTO "weights" VALUES(0,'access',20.0);
INSERT INTO "weights" VALUES(1,'capacity',20.0);
INSERT INTO "weights" VALUES(2,'training',20.0);
INSERT INTO "weights" VALUES(3,'wider_services',10.0);
INSERT INTO "weights" VALUES(4,'premises_need',15.0);
INSERT INTO "weights" VALUES(5,'deliverability',15.0);
INSERT INTO "weights" VALUES(6,'recurrent_liability',10.0);
INSERT INTO "weights" VALUES(7,'population',0.0);
INSERT INTO "weights" VALUES(8,'engagement',0.0);
INSERT INTO "weights" VALUES(9,'strategy_fit',0.0);
INSERT INTO "weights" VALUES(10,'digital_roadmap',0.0);
INSERT INTO "weights" VALUES(11,'ig',0.0);
CREATE TRIGGER decision_log_no_update BEFORE UPDATE ON decision_log
BEGIN SELECT RAISE(ABORT, 'the decision log is append-only'); END;
CREATE TRIGGER decision_log_no_delete BEFORE DELETE ON decision_log
BEGIN SELECT RAISE(ABORT, 'the decision log is append-only'); END;
COMMIT;
