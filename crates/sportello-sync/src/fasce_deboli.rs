//! The fasce-deboli endpoints (seed 000): the server's lists, the requests of the
//! participants file, the uploads and their outcome.
//!
//! Requests and uploads carry an `Idempotency-Key` (their local id), so a retry after a
//! lost answer gets the same request or upload back and creates nothing.

use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde::de::DeserializeOwned;
use sportello_protocol::fasce_deboli::{
    Campagne, Caricamenti, Caricamento, Categorie, IDEMPOTENCY_KEY, NewRichiesta, Richiesta,
    Tipologie, XLSX_CONTENT_TYPE, paths,
};
use uuid::Uuid;

use crate::client::Client;
use crate::error::{Error, Result};

fn json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T> {
    serde_json::from_slice(bytes).map_err(|e| Error::Protocol(e.to_string()))
}

fn with_id(path: &str, id: Uuid) -> String {
    path.replace("{id}", &id.to_string())
}

impl Client {
    pub async fn fd_categorie(&self, token: &str) -> Result<Categorie> {
        json(
            &self
                .send(Method::GET, paths::CATEGORIE, Some(token), |r| r)
                .await?,
        )
    }

    pub async fn fd_tipologie(&self, token: &str) -> Result<Tipologie> {
        json(
            &self
                .send(Method::GET, paths::TIPOLOGIE, Some(token), |r| r)
                .await?,
        )
    }

    pub async fn fd_campagne(&self, token: &str) -> Result<Campagne> {
        json(
            &self
                .send(Method::GET, paths::CAMPAGNE, Some(token), |r| r)
                .await?,
        )
    }

    /// Asks for the participants file; `key` makes a retry answer the same request.
    pub async fn fd_richiedi(
        &self,
        token: &str,
        key: &str,
        request: &NewRichiesta,
    ) -> Result<Richiesta> {
        json(
            &self
                .send(Method::POST, paths::RICHIESTE, Some(token), |r| {
                    r.header(IDEMPOTENCY_KEY, key).json(request)
                })
                .await?,
        )
    }

    pub async fn fd_richiesta(&self, token: &str, id: Uuid) -> Result<Richiesta> {
        let path = with_id(paths::RICHIESTA, id);
        json(&self.send(Method::GET, &path, Some(token), |r| r).await?)
    }

    /// The participants workbook of a ready request.
    pub async fn fd_richiesta_file(&self, token: &str, id: Uuid) -> Result<Vec<u8>> {
        let path = with_id(paths::RICHIESTA_FILE, id);
        self.send(Method::GET, &path, Some(token), |r| r).await
    }

    /// Uploads a filled file; `key` makes a retry answer the same upload.
    pub async fn fd_carica(
        &self,
        token: &str,
        key: &str,
        anno: i32,
        file_name: &str,
        file: &[u8],
    ) -> Result<Caricamento> {
        let build = |r: reqwest::RequestBuilder| {
            let part = Part::bytes(file.to_vec())
                .file_name(file_name.to_string())
                .mime_str(XLSX_CONTENT_TYPE)
                .unwrap_or_else(|_| Part::bytes(file.to_vec()).file_name(file_name.to_string()));
            let form = Form::new()
                .text("anno", anno.to_string())
                .part("file", part);
            r.header(IDEMPOTENCY_KEY, key).multipart(form)
        };
        json(
            &self
                .send(Method::POST, paths::CARICAMENTI, Some(token), build)
                .await?,
        )
    }

    pub async fn fd_caricamento(&self, token: &str, id: Uuid) -> Result<Caricamento> {
        let path = with_id(paths::CARICAMENTO, id);
        json(&self.send(Method::GET, &path, Some(token), |r| r).await?)
    }

    /// The outcome workbook of a processed upload.
    pub async fn fd_esito(&self, token: &str, id: Uuid) -> Result<Vec<u8>> {
        let path = with_id(paths::CARICAMENTO_ESITO, id);
        self.send(Method::GET, &path, Some(token), |r| r).await
    }

    /// The uploads in scope, newest first.
    pub async fn fd_caricamenti(&self, token: &str) -> Result<Caricamenti> {
        json(
            &self
                .send(Method::GET, paths::CARICAMENTI, Some(token), |r| r)
                .await?,
        )
    }
}
