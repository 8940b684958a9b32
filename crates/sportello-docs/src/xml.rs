//! The SAP as XML with the ministerial element names ("standard tecnici SAP"), UTF-8,
//! and read back.
//!
//! The names in `shared/domain.md` (from public implementations of the standard) are
//! used as they are: `lavoratore`, `datiinvio`, `datianagrafici/datipersonali`,
//! `datiamministrativi/statoanagrafe`, `esperienzelavoro_lst`, `allegato` with its
//! `_lst` lists, `politiche_attive_lst`. **Assumed** (the standard's own name is not
//! known here; they follow its style and are kept in this file only): the item elements
//! inside each `_lst`, residence/domicile/contacts/permit, the descriptive names beside
//! codes (`comunenascita`, `cittadinanza`, `descrizione_attivita`), the fields of an
//! experience, title, course, language and skill, and `altrenotizie`. Codes are written
//! as Sportello holds them: `codstatooccupazionale` carries Sportello's status code,
//! not a ministerial table's. Dates are `YYYY-MM-DD` (xs:date). Elements of absent
//! values are left out.

use std::borrow::Cow;

use chrono::NaiveDate;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use sportello_core::Candidate;
use sportello_core::candidate::{
    AdministrativeData, Contacts, EducationTitle, EmploymentStatus, IncomeSupport, ItSkill,
    LanguageSkill, OtherInformation, PersonalData, PolicyIntervention, ResidencePermit, Training,
    WorkExperience,
};
use sportello_core::{Sex, candidate::Address};

use crate::{Error, Result};

/// An element: name, text, children (the standard uses no attributes).
#[derive(Debug, Clone, PartialEq, Default)]
struct El {
    name: String,
    text: String,
    children: Vec<El>,
}

impl El {
    fn new(name: &str) -> El {
        El {
            name: name.into(),
            ..El::default()
        }
    }

    fn leaf(name: &str, text: impl Into<String>) -> El {
        El {
            name: name.into(),
            text: text.into(),
            children: Vec::new(),
        }
    }

    fn push(&mut self, child: El) -> &mut Self {
        self.children.push(child);
        self
    }

    fn put(&mut self, name: &str, value: impl Into<String>) -> &mut Self {
        self.push(El::leaf(name, value))
    }

    fn put_opt(&mut self, name: &str, value: Option<impl Into<String>>) -> &mut Self {
        if let Some(v) = value {
            self.put(name, v);
        }
        self
    }

    fn list(&mut self, name: &str, item: &str, values: &[String]) -> &mut Self {
        let mut l = El::new(name);
        for v in values {
            l.put(item, v.clone());
        }
        self.push(l)
    }

    fn child(&self, name: &str) -> Option<&El> {
        self.children.iter().find(|c| c.name == name)
    }

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a El> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    fn need(&self, name: &str) -> Result<&El> {
        self.child(name)
            .ok_or_else(|| Error::Xml(format!("manca l'elemento <{name}> in <{}>", self.name)))
    }

    fn text_of(&self, name: &str) -> Result<String> {
        Ok(self.need(name)?.text.clone())
    }

    fn opt_text(&self, name: &str) -> Option<String> {
        self.child(name).map(|c| c.text.clone())
    }

    fn texts(&self, list: &str, item: &str) -> Vec<String> {
        self.child(list)
            .map(|l| l.all(item).map(|c| c.text.clone()).collect())
            .unwrap_or_default()
    }

    fn opt_date(&self, name: &str) -> Result<Option<NaiveDate>> {
        self.child(name).map(|c| parse_date(&c.text)).transpose()
    }

    fn opt_num<T: std::str::FromStr>(&self, name: &str) -> Result<Option<T>> {
        self.child(name)
            .map(|c| {
                c.text
                    .trim()
                    .parse()
                    .map_err(|_| Error::Xml(format!("<{name}>: numero non valido «{}»", c.text)))
            })
            .transpose()
    }
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn parse_date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| Error::Xml(format!("data non valida «{s}»: atteso AAAA-MM-GG")))
}

fn flag(b: bool) -> &'static str {
    if b { "S" } else { "N" }
}

fn parse_flag(s: &str) -> Result<bool> {
    match s.trim() {
        "S" => Ok(true),
        "N" => Ok(false),
        other => Err(Error::Xml(format!("valore S/N atteso, trovato «{other}»"))),
    }
}

// --- writing -----------------------------------------------------------------------------

/// The SAP of `c` as a UTF-8 XML document; `updated` is the `dataultimoagg`.
pub fn sap_xml(c: &Candidate, updated: NaiveDate) -> Vec<u8> {
    let mut root = El::new("lavoratore");
    let mut invio = El::new("datiinvio");
    invio
        .put("dataultimoagg", iso(updated))
        .put_opt("identificativosap", c.sap_id.clone())
        .put("codiceentetit", c.branch.clone());
    root.push(invio);
    root.push(anagrafici(c));
    root.push(amministrativi(&c.administrative));
    let mut esperienze = El::new("esperienzelavoro_lst");
    for e in &c.experiences {
        esperienze.push(esperienza(e));
    }
    root.push(esperienze);
    root.push(allegato(c));
    let mut politiche = El::new("politiche_attive_lst");
    for p in &c.policies {
        politiche.push(politica(p));
    }
    root.push(politiche);
    serialize(&root)
}

fn anagrafici(c: &Candidate) -> El {
    let p = &c.personal;
    let mut personali = El::new("datipersonali");
    personali
        .put("codicefiscale", c.codice_fiscale.clone())
        .put("cognome", p.surname.clone())
        .put("nome", p.name.clone())
        .put(
            "sesso",
            match p.sex {
                Sex::M => "M",
                Sex::F => "F",
            },
        )
        .put("datanascita", iso(p.birth_date))
        .put("codcomune", p.birthplace_code.clone())
        .put("comunenascita", p.birthplace.clone())
        .put("cittadinanza", p.citizenship.clone());
    let mut out = El::new("datianagrafici");
    out.push(personali);
    if let Some(r) = &c.residence_permit {
        let mut el = El::new("permessosoggiorno");
        el.put("tipo", r.kind.clone())
            .put("numero", r.number.clone())
            .put("motivo", r.reason.clone())
            .put_opt("scadenza", r.expiry.map(iso));
        out.push(el);
    }
    for (name, a) in [("residenza", &c.residence), ("domicilio", &c.domicile)] {
        if let Some(a) = a {
            let mut el = El::new(name);
            el.put("indirizzo", a.street.clone())
                .put("cap", a.cap.clone())
                .put("comune", a.comune.clone())
                .put("provincia", a.provincia.clone());
            out.push(el);
        }
    }
    let mut recapiti = El::new("recapiti");
    recapiti
        .put_opt("telefono", c.contacts.phone.clone())
        .put_opt("cellulare", c.contacts.mobile.clone())
        .put_opt("email", c.contacts.email.clone());
    out.push(recapiti);
    out
}

fn amministrativi(a: &AdministrativeData) -> El {
    let mut stato = El::new("statoanagrafe");
    stato
        .put_opt(
            "codstatooccupazionale",
            a.employment_status.map(|s| s.code()),
        )
        .put_opt("codstatus", a.condition.clone())
        .put_opt("categoria297", a.categoria_297.clone())
        .put_opt("anzianita", a.unemployment_months.map(|m| m.to_string()))
        .put_opt("dataevento", a.did_date.map(iso))
        .put_opt("datadisoccupazione", a.unemployed_since.map(iso))
        .put_opt("dataingresso", a.entry_date.map(iso));
    let mut altre = El::new("altrenotizie");
    altre
        .list(
            "categorieparticolari_lst",
            "categoria",
            &a.special_categories,
        )
        .put("collocamentomirato", flag(a.collocamento_mirato));
    let supports: Vec<String> = a
        .income_support
        .iter()
        .map(|s| income_code(*s).into())
        .collect();
    altre
        .list("sostegnoreddito_lst", "misura", &supports)
        .put_opt(
            "indiceisee",
            a.isee_cents.map(|c| format!("{}.{:02}", c / 100, c % 100)),
        );
    let mut out = El::new("datiamministrativi");
    out.push(stato)
        .list("listespeciali_lst", "lista", &a.special_lists)
        .put_opt("obbligoformativo", a.obbligo_formativo_assolto.map(flag))
        .push(altre);
    out
}

fn income_code(s: IncomeSupport) -> &'static str {
    match s {
        IncomeSupport::Sfl => "SFL",
        IncomeSupport::Rdc => "RDC",
        IncomeSupport::Adi => "ADI",
    }
}

fn esperienza(e: &WorkExperience) -> El {
    let mut el = El::new("esperienzalavoro");
    el.put("datorelavoro", e.employer.clone())
        .put("qualifica", e.qualification.clone())
        .put_opt("contratto", e.contract.clone())
        .put_opt("settore", e.sector.clone())
        .put_opt("datainizio", e.start.map(iso))
        .put_opt("datafine", e.end.map(iso))
        .put_opt("mansioni", e.tasks.clone());
    el
}

fn allegato(c: &Candidate) -> El {
    let mut titoli = El::new("titolistudio_lst");
    for t in &c.education {
        let mut el = El::new("titolostudio");
        el.put("livello", t.level_code.clone())
            .put_opt("codicetitolo", t.course_code.clone())
            .put("descrizione", t.description.clone())
            .put_opt("anno", t.year.map(|y| y.to_string()))
            .put_opt("istituto", t.institute.clone());
        titoli.push(el);
    }
    let mut formazione = El::new("formazioneprofessionale_lst");
    for t in &c.training {
        let mut el = El::new("formazioneprofessionale");
        el.put("titolo", t.title.clone())
            .put_opt("ente", t.provider.clone())
            .put_opt("anno", t.year.map(|y| y.to_string()))
            .put_opt("ore", t.hours.map(|h| h.to_string()))
            .put_opt("attestato", t.certificate.clone());
        formazione.push(el);
    }
    let mut lingue = El::new("linguestraniere_lst");
    for l in &c.languages {
        let mut el = El::new("linguastraniera");
        el.put("codlingua", l.language.clone())
            .put("livello", l.level.clone());
        lingue.push(el);
    }
    let mut informatica = El::new("conoscenzeinformatiche_lst");
    for s in &c.it_skills {
        let mut el = El::new("conoscenzainformatica");
        el.put("descrizione", s.name.clone())
            .put("livello", s.level.clone());
        informatica.push(el);
    }
    let mut altre = El::new("altreinformazioni_lst");
    altre
        .list("albi", "albo", &c.other.registers)
        .list("patenti", "patente", &c.other.driving_licences)
        .list("listespeciali", "lista", &c.other.special_lists);
    let mut out = El::new("allegato");
    out.push(titoli)
        .push(formazione)
        .push(lingue)
        .push(informatica)
        .push(altre);
    out
}

fn politica(p: &PolicyIntervention) -> El {
    let mut el = El::new("politica_attiva");
    el.put("tipo_attivita", p.activity_code.clone())
        .put("descrizione_attivita", p.activity_name.clone())
        .put("titolo_denominazione", p.denomination.clone())
        .put_opt("data_proposta", p.proposed_on.map(iso))
        .put_opt("data", p.start.map(iso))
        .put_opt("data_fine", p.end.map(iso))
        .put_opt("durata", p.duration.clone())
        .put_opt("descrizione", p.description.clone())
        .put_opt("titolo_progetto", p.project_title.clone())
        .put_opt("codice_ente_promotore", p.promoter.clone())
        .put_opt("ultimo_evento", p.last_event.clone());
    el
}

fn serialize(root: &El) -> Vec<u8> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing to a Vec cannot fail.
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .expect("writing to memory");
    write_el(&mut w, root);
    let mut out = w.into_inner();
    out.push(b'\n');
    out
}

fn write_el(w: &mut Writer<Vec<u8>>, el: &El) {
    let start = BytesStart::new(el.name.as_str());
    if el.children.is_empty() && el.text.is_empty() {
        w.write_event(Event::Empty(start))
            .expect("writing to memory");
        return;
    }
    w.write_event(Event::Start(start))
        .expect("writing to memory");
    if el.children.is_empty() {
        w.write_event(Event::Text(BytesText::new(&el.text)))
            .expect("writing to memory");
    }
    for c in &el.children {
        write_el(w, c);
    }
    w.write_event(Event::End(BytesEnd::new(el.name.as_str())))
        .expect("writing to memory");
}

// --- reading -----------------------------------------------------------------------------

/// Reads a SAP XML document (as [`sap_xml`] writes it) back into a candidate. What the
/// SAP does not carry (desired jobs, CV text) comes back empty.
pub fn parse_sap_xml(bytes: &[u8]) -> Result<Candidate> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| Error::Xml(format!("il documento non è UTF-8 valido: {e}")))?;
    let root = parse_tree(text)?;
    if root.name != "lavoratore" {
        return Err(Error::Xml(format!(
            "elemento radice <{}>: atteso <lavoratore>",
            root.name
        )));
    }
    candidate(&root)
}

fn parse_tree(text: &str) -> Result<El> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack: Vec<El> = Vec::new();
    let bad = |e: quick_xml::Error| Error::Xml(format!("XML non valido: {e}"));
    loop {
        match reader.read_event().map_err(bad)? {
            Event::Start(s) => stack.push(El::new(&name_of(&s)?)),
            Event::Empty(s) => {
                let el = El::new(&name_of(&s)?);
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => return Ok(el),
                }
            }
            Event::Text(t) => append(&mut stack, &t.xml10_content()),
            Event::CData(t) => append(&mut stack, &t.xml10_content()),
            Event::GeneralRef(r) => {
                let resolved: Cow<'_, str> = if r.is_char_ref() {
                    match r.resolve_char_ref().map_err(bad)? {
                        Some(c) => Cow::Owned(c.to_string()),
                        None => Cow::Borrowed(""),
                    }
                } else {
                    let name = r.xml10_content();
                    Cow::Borrowed(
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .ok_or_else(|| Error::Xml(format!("entità sconosciuta &{name};")))?,
                    )
                };
                append(&mut stack, &resolved);
            }
            Event::End(_) => {
                let mut el = stack.pop().expect("the reader checks that tags match");
                if !el.children.is_empty() {
                    // Only the indentation between children.
                    el.text.clear();
                }
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => return Ok(el),
                }
            }
            Event::Eof => return Err(Error::Xml("documento XML incompleto".into())),
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
}

fn name_of(s: &BytesStart<'_>) -> Result<String> {
    Ok(s.name().as_ref().to_string())
}

fn append(stack: &mut [El], s: &str) {
    if let Some(el) = stack.last_mut() {
        el.text.push_str(s);
    }
}

fn candidate(root: &El) -> Result<Candidate> {
    let invio = root.need("datiinvio")?;
    let anag = root.need("datianagrafici")?;
    let pers = anag.need("datipersonali")?;
    let allegato = root.need("allegato")?;
    let altre = allegato.need("altreinformazioni_lst")?;
    Ok(Candidate {
        codice_fiscale: pers.text_of("codicefiscale")?,
        sap_id: invio.opt_text("identificativosap"),
        branch: invio.text_of("codiceentetit")?,
        personal: PersonalData {
            surname: pers.text_of("cognome")?,
            name: pers.text_of("nome")?,
            sex: match pers.text_of("sesso")?.as_str() {
                "M" => Sex::M,
                "F" => Sex::F,
                other => return Err(Error::Xml(format!("<sesso>: M o F, trovato «{other}»"))),
            },
            birth_date: parse_date(&pers.text_of("datanascita")?)?,
            citizenship: pers.text_of("cittadinanza")?,
            birthplace: pers.text_of("comunenascita")?,
            birthplace_code: pers.text_of("codcomune")?,
        },
        residence_permit: anag
            .child("permessosoggiorno")
            .map(|p| {
                Ok::<_, Error>(ResidencePermit {
                    kind: p.text_of("tipo")?,
                    number: p.text_of("numero")?,
                    reason: p.text_of("motivo")?,
                    expiry: p.opt_date("scadenza")?,
                })
            })
            .transpose()?,
        residence: anag.child("residenza").map(address).transpose()?,
        domicile: anag.child("domicilio").map(address).transpose()?,
        contacts: anag
            .child("recapiti")
            .map(|r| Contacts {
                phone: r.opt_text("telefono"),
                mobile: r.opt_text("cellulare"),
                email: r.opt_text("email"),
            })
            .unwrap_or_default(),
        administrative: administrative(root.need("datiamministrativi")?)?,
        experiences: root
            .need("esperienzelavoro_lst")?
            .all("esperienzalavoro")
            .map(experience)
            .collect::<Result<_>>()?,
        education: allegato
            .need("titolistudio_lst")?
            .all("titolostudio")
            .map(|t| {
                Ok(EducationTitle {
                    level_code: t.text_of("livello")?,
                    course_code: t.opt_text("codicetitolo"),
                    description: t.text_of("descrizione")?,
                    year: t.opt_num("anno")?,
                    institute: t.opt_text("istituto"),
                })
            })
            .collect::<Result<_>>()?,
        training: allegato
            .need("formazioneprofessionale_lst")?
            .all("formazioneprofessionale")
            .map(|t| {
                Ok(Training {
                    title: t.text_of("titolo")?,
                    provider: t.opt_text("ente"),
                    year: t.opt_num("anno")?,
                    hours: t.opt_num("ore")?,
                    certificate: t.opt_text("attestato"),
                })
            })
            .collect::<Result<_>>()?,
        languages: allegato
            .need("linguestraniere_lst")?
            .all("linguastraniera")
            .map(|l| {
                Ok(LanguageSkill {
                    language: l.text_of("codlingua")?,
                    level: l.text_of("livello")?,
                })
            })
            .collect::<Result<_>>()?,
        it_skills: allegato
            .need("conoscenzeinformatiche_lst")?
            .all("conoscenzainformatica")
            .map(|s| {
                Ok(ItSkill {
                    name: s.text_of("descrizione")?,
                    level: s.text_of("livello")?,
                })
            })
            .collect::<Result<_>>()?,
        other: OtherInformation {
            registers: altre.texts("albi", "albo"),
            driving_licences: altre.texts("patenti", "patente"),
            special_lists: altre.texts("listespeciali", "lista"),
        },
        policies: root
            .need("politiche_attive_lst")?
            .all("politica_attiva")
            .map(policy)
            .collect::<Result<_>>()?,
        desired_jobs: Vec::new(),
        cv_text: None,
    })
}

fn address(a: &El) -> Result<Address> {
    Ok(Address {
        street: a.text_of("indirizzo")?,
        cap: a.text_of("cap")?,
        comune: a.text_of("comune")?,
        provincia: a.text_of("provincia")?,
    })
}

fn administrative(a: &El) -> Result<AdministrativeData> {
    let stato = a.need("statoanagrafe")?;
    let altre = a.need("altrenotizie")?;
    let status = stato
        .opt_text("codstatooccupazionale")
        .map(|code| {
            EmploymentStatus::from_code(&code)
                .ok_or_else(|| Error::Xml(format!("stato occupazionale sconosciuto «{code}»")))
        })
        .transpose()?;
    let income_support = altre
        .texts("sostegnoreddito_lst", "misura")
        .iter()
        .map(|m| match m.as_str() {
            "SFL" => Ok(IncomeSupport::Sfl),
            "RDC" => Ok(IncomeSupport::Rdc),
            "ADI" => Ok(IncomeSupport::Adi),
            other => Err(Error::Xml(format!(
                "misura di sostegno sconosciuta «{other}»"
            ))),
        })
        .collect::<Result<_>>()?;
    Ok(AdministrativeData {
        employment_status: status,
        condition: stato.opt_text("codstatus"),
        categoria_297: stato.opt_text("categoria297"),
        unemployment_months: stato.opt_num("anzianita")?,
        did_date: stato.opt_date("dataevento")?,
        unemployed_since: stato.opt_date("datadisoccupazione")?,
        entry_date: stato.opt_date("dataingresso")?,
        special_lists: a.texts("listespeciali_lst", "lista"),
        obbligo_formativo_assolto: a
            .opt_text("obbligoformativo")
            .map(|f| parse_flag(&f))
            .transpose()?,
        special_categories: altre.texts("categorieparticolari_lst", "categoria"),
        collocamento_mirato: parse_flag(&altre.text_of("collocamentomirato")?)?,
        income_support,
        isee_cents: altre
            .opt_text("indiceisee")
            .map(|s| parse_cents(&s))
            .transpose()?,
    })
}

fn parse_cents(s: &str) -> Result<i64> {
    let bad = || Error::Xml(format!("<indiceisee>: importo non valido «{s}»"));
    let (units, cents) = s.trim().split_once('.').ok_or_else(bad)?;
    if cents.len() != 2 {
        return Err(bad());
    }
    let units: i64 = units.parse().map_err(|_| bad())?;
    let cents: i64 = cents.parse().map_err(|_| bad())?;
    Ok(units * 100 + cents)
}

fn experience(e: &El) -> Result<WorkExperience> {
    Ok(WorkExperience {
        employer: e.text_of("datorelavoro")?,
        qualification: e.text_of("qualifica")?,
        contract: e.opt_text("contratto"),
        sector: e.opt_text("settore"),
        start: e.opt_date("datainizio")?,
        end: e.opt_date("datafine")?,
        tasks: e.opt_text("mansioni"),
    })
}

fn policy(p: &El) -> Result<PolicyIntervention> {
    Ok(PolicyIntervention {
        activity_code: p.text_of("tipo_attivita")?,
        activity_name: p.text_of("descrizione_attivita")?,
        denomination: p.text_of("titolo_denominazione")?,
        proposed_on: p.opt_date("data_proposta")?,
        start: p.opt_date("data")?,
        end: p.opt_date("data_fine")?,
        duration: p.opt_text("durata"),
        description: p.opt_text("descrizione"),
        promoter: p.opt_text("codice_ente_promotore"),
        project_title: p.opt_text("titolo_progetto"),
        last_event: p.opt_text("ultimo_evento"),
    })
}
