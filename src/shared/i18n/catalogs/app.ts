/** The wizard shell: steps, navigation, session summary, connection and generic errors. */

import type { Catalog } from '../catalog';

export default {
  en: {
    name: 'Offline Seed',
    tagline: 'Azure Backup offline seeding',
    nav: {
      back: 'Back',
      next: 'Next',
      stepOf: 'Step {{n}} of {{total}}',
      steps: 'Wizard steps',
      skipToContent: 'Skip to content',
    },
    status: {
      notStarted: 'Not started',
      inProgress: 'In progress',
      done: 'Done',
      needsAttention: 'Needs attention',
    },
    steps: {
      signIn: {
        title: 'Cloud & sign-in',
        summary:
          'Choose the Azure cloud and sign in as the backup operator, or rehearse the whole workflow against the built-in local Azure.',
        needs: {
          cloud: 'The cloud to use: Azure, Azure US Government, Azure China, or local rehearsal',
          account: 'An account that may create Azure AD applications and import jobs in the subscription',
        },
      },
      certificate: {
        title: 'Certificate',
        summary:
          'Create the Azure AD application and the self-signed certificate that Azure Backup uses for the import job, and register them on this server.',
        needs: {
          subscription: 'The subscription ID',
          storageAccount: 'The storage account that will receive the data',
        },
      },
      staging: {
        title: 'Staging',
        summary: 'Write the compressed initial copy of the backup sources to a staging location.',
        needs: {
          location: 'A staging location (local folder or network share) with enough free space',
          names: 'The import job name, subscription, resource group, storage account and container',
          sources: 'The folders to back up',
        },
      },
      drives: {
        title: 'Drives',
        summary:
          'Choose the SATA drives to ship, check that each is eligible, then format them NTFS and encrypt them with BitLocker.',
        needs: {
          drives: 'Internal SATA drives (HDD or SSD), at most 10 per import job, connected to this machine',
          admin: 'Administrator rights on this machine',
        },
      },
      copy: {
        title: 'Copy',
        summary:
          'Copy the staging location onto the drives with a manifest for each drive, then read every byte back to verify it.',
        needs: {
          spare: 'More drives at hand in case the first ones fill up',
        },
      },
      importJob: {
        title: 'Import job',
        summary: 'Create the Azure Import/Export job for the prepared drives and see where to ship them.',
        needs: {
          permission: 'Permission to create import jobs in the resource group',
        },
      },
      shipping: {
        title: 'Shipping',
        summary:
          'Enter the carrier, tracking number and return address, and ship the drives within two weeks of creating the job.',
        needs: {
          carrier: 'The carrier and the tracking number',
          returnAddress: 'A return address and the return carrier account number',
        },
      },
      monitor: {
        title: 'Monitor',
        summary:
          'Follow the import job and each drive until the data is in Azure. Helpdesk staff can do this from any machine.',
        needs: {
          where: 'The staging location or the import job name',
        },
      },
      complete: {
        title: 'Complete',
        summary: 'Check every blob in the storage account against the drive manifests, then test a restore.',
        needs: {
          folder: 'A folder to restore a test copy into',
        },
      },
    },
    page: {
      purpose: 'What this step does',
      youWillNeed: 'What you will need',
      notYetAvailable: 'This step is not available in this version yet. Nothing on this page runs or changes anything.',
    },
    summary: {
      title: 'Session',
      cloud: 'Cloud',
      subscription: 'Subscription',
      storageAccount: 'Storage account',
      container: 'Container',
      importJob: 'Import job',
      stagingLocation: 'Staging location',
      drives: 'Drives',
      notSet: 'Not set yet',
      localRehearsal: 'Local rehearsal',
    },
    language: {
      label: 'Language',
    },
    connection: {
      connecting: 'Connecting to Offline Seed…',
      lost: 'The connection to Offline Seed was lost. Start it again with “npm start” and reload this page.',
      noToken:
        'This page needs the address printed by “npm start”, including its token. Copy the whole address from the terminal.',
    },
    actions: {
      copyDiagnostics: 'Copy diagnostics',
      copied: 'Copied',
      cancel: 'Cancel',
      retry: 'Try again',
      dismiss: 'Dismiss',
    },
    validation: {
      subscriptionId: 'The subscription ID “{{value}}” is not a GUID. Copy it from the Subscriptions page of the Azure portal.',
      tenantId: 'The tenant ID “{{value}}” is not a GUID. Copy it from the Azure AD overview page.',
      storageAccount: 'The storage account name “{{value}}” must be 3 to 24 lowercase letters and digits.',
      container:
        'The container name “{{value}}” must be 3 to 63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.',
      importJobName:
        'The import job name “{{value}}” may contain only lowercase letters, digits and hyphens, and must start with a letter.',
      resourceGroup:
        'The resource group name “{{value}}” may contain only letters, digits, underscores, hyphens, periods and parentheses, and must not end with a period.',
    },
    errors: {
      unknownRequest: 'The request “{{name}}” is not part of this version. Update Offline Seed on both sides.',
      invalidRequest: 'The request “{{name}}” was refused because {{where}} is not valid ({{problem}}).',
      unexpected: 'Something unexpected failed in step “{{step}}”. Copy the diagnostics and report them.',
      linkNotAllowed: 'Only Azure portal and documentation links can be opened from Offline Seed.',
      jobNotFound: 'There is no running job “{{jobId}}”. It may have finished already.',
      jobsRunning: 'A job is still running. Cancel it or wait until it finishes before quitting.',
      cancelled: 'Cancelled. What was finished is kept; run the step again to continue.',
      notElevated: "This step changes this computer's drives or system settings and needs administrator rights (root on Linux): start Offline Seed as administrator and run the step again.",
    },
  },
  fr: {
    name: 'Offline Seed',
    tagline: 'Amorçage hors connexion pour Azure Backup',
    nav: {
      back: 'Précédent',
      next: 'Suivant',
      stepOf: 'Étape {{n}} sur {{total}}',
      steps: "Étapes de l'assistant",
      skipToContent: 'Aller au contenu',
    },
    status: {
      notStarted: 'Non commencée',
      inProgress: 'En cours',
      done: 'Terminée',
      needsAttention: 'À vérifier',
    },
    steps: {
      signIn: {
        title: 'Cloud et connexion',
        summary:
          "Choisissez le cloud Azure et connectez-vous en tant qu'opérateur de sauvegarde, ou répétez tout le processus sur l'Azure local intégré.",
        needs: {
          cloud: 'Le cloud à utiliser : Azure, Azure US Government, Azure Chine ou répétition locale',
          account:
            "Un compte autorisé à créer des applications Azure AD et des travaux d'importation dans l'abonnement",
        },
      },
      certificate: {
        title: 'Certificat',
        summary:
          "Créez l'application Azure AD et le certificat auto-signé qu'Azure Backup utilise pour le travail d'importation, puis inscrivez-les sur ce serveur.",
        needs: {
          subscription: "L'ID d'abonnement",
          storageAccount: 'Le compte de stockage qui recevra les données',
        },
      },
      staging: {
        title: 'Emplacement intermédiaire',
        summary:
          'Écrivez la copie initiale compressée des sources de sauvegarde dans un emplacement intermédiaire.',
        needs: {
          location: 'Un emplacement intermédiaire (dossier local ou partage réseau) avec assez d’espace libre',
          names:
            "Le nom du travail d'importation, l'abonnement, le groupe de ressources, le compte de stockage et le conteneur",
          sources: 'Les dossiers à sauvegarder',
        },
      },
      drives: {
        title: 'Disques',
        summary:
          'Choisissez les disques SATA à expédier, vérifiez que chacun est admissible, puis formatez-les en NTFS et chiffrez-les avec BitLocker.',
        needs: {
          drives:
            "Des disques SATA internes (HDD ou SSD), 10 au plus par travail d'importation, reliés à cette machine",
          admin: "Des droits d'administrateur sur cette machine",
        },
      },
      copy: {
        title: 'Copie',
        summary:
          "Copiez l'emplacement intermédiaire sur les disques avec un manifeste par disque, puis relisez chaque octet pour le vérifier.",
        needs: {
          spare: "D'autres disques à portée de main si les premiers se remplissent",
        },
      },
      importJob: {
        title: "Travail d'importation",
        summary:
          "Créez le travail Azure Import/Export pour les disques préparés et voyez où les expédier.",
        needs: {
          permission: "L'autorisation de créer des travaux d'importation dans le groupe de ressources",
        },
      },
      shipping: {
        title: 'Expédition',
        summary:
          "Indiquez le transporteur, le numéro de suivi et l'adresse de retour, et expédiez les disques dans les deux semaines suivant la création du travail.",
        needs: {
          carrier: 'Le transporteur et le numéro de suivi',
          returnAddress: 'Une adresse de retour et le numéro de compte du transporteur de retour',
        },
      },
      monitor: {
        title: 'Suivi',
        summary:
          "Suivez le travail d'importation et chaque disque jusqu'à ce que les données soient dans Azure. Le support peut le faire depuis n'importe quelle machine.",
        needs: {
          where: "L'emplacement intermédiaire ou le nom du travail d'importation",
        },
      },
      complete: {
        title: 'Fin',
        summary:
          'Comparez chaque objet blob du compte de stockage aux manifestes des disques, puis testez une restauration.',
        needs: {
          folder: 'Un dossier où restaurer une copie de test',
        },
      },
    },
    page: {
      purpose: 'Ce que fait cette étape',
      youWillNeed: 'Ce dont vous aurez besoin',
      notYetAvailable:
        "Cette étape n'est pas encore disponible dans cette version. Rien sur cette page ne s'exécute ni ne modifie quoi que ce soit.",
    },
    summary: {
      title: 'Session',
      cloud: 'Cloud',
      subscription: 'Abonnement',
      storageAccount: 'Compte de stockage',
      container: 'Conteneur',
      importJob: "Travail d'importation",
      stagingLocation: 'Emplacement intermédiaire',
      drives: 'Disques',
      notSet: 'Pas encore défini',
      localRehearsal: 'Répétition locale',
    },
    language: {
      label: 'Langue',
    },
    connection: {
      connecting: 'Connexion à Offline Seed…',
      lost: 'La connexion à Offline Seed a été perdue. Relancez-le avec « npm start » et rechargez cette page.',
      noToken:
        "Cette page a besoin de l'adresse affichée par « npm start », jeton compris. Copiez l'adresse entière depuis le terminal.",
    },
    actions: {
      copyDiagnostics: 'Copier les diagnostics',
      copied: 'Copié',
      cancel: 'Annuler',
      retry: 'Réessayer',
      dismiss: 'Fermer',
    },
    validation: {
      subscriptionId: "L'ID d'abonnement « {{value}} » n'est pas un GUID. Copiez-le depuis la page Abonnements du portail Azure.",
      tenantId: "L'ID de locataire « {{value}} » n'est pas un GUID. Copiez-le depuis la page de présentation d'Azure AD.",
      storageAccount: 'Le nom du compte de stockage « {{value}} » doit compter de 3 à 24 lettres minuscules et chiffres.',
      container:
        'Le nom du conteneur « {{value}} » doit compter de 3 à 63 lettres minuscules, chiffres et traits d’union isolés, et commencer et finir par une lettre ou un chiffre.',
      importJobName:
        "Le nom du travail d'importation « {{value}} » ne peut contenir que des lettres minuscules, des chiffres et des traits d'union, et doit commencer par une lettre.",
      resourceGroup:
        'Le nom du groupe de ressources « {{value}} » ne peut contenir que des lettres, chiffres, traits de soulignement, traits d’union, points et parenthèses, et ne doit pas finir par un point.',
    },
    errors: {
      unknownRequest:
        "La requête « {{name}} » ne fait pas partie de cette version. Mettez Offline Seed à jour des deux côtés.",
      invalidRequest: "La requête « {{name}} » a été refusée car {{where}} n'est pas valide ({{problem}}).",
      unexpected:
        "Une erreur inattendue s'est produite à l'étape « {{step}} ». Copiez les diagnostics et signalez-les.",
      linkNotAllowed:
        "Seuls les liens vers le portail Azure et la documentation peuvent être ouverts depuis Offline Seed.",
      jobNotFound: "Aucune tâche « {{jobId}} » n'est en cours. Elle est peut-être déjà terminée.",
      jobsRunning: 'Une tâche est encore en cours. Annulez-la ou attendez sa fin avant de quitter.',
      cancelled: "Annulé. Ce qui était terminé est conservé ; relancez l'étape pour continuer.",
      notElevated: "Cette étape modifie les disques ou les paramètres système de cet ordinateur et nécessite les droits d’administrateur (root sous Linux) : démarrez Offline Seed en tant qu’administrateur et relancez l’étape.",
    },
  },
  de: {
    name: 'Offline Seed',
    tagline: 'Offline-Seeding für Azure Backup',
    nav: {
      back: 'Zurück',
      next: 'Weiter',
      stepOf: 'Schritt {{n}} von {{total}}',
      steps: 'Schritte des Assistenten',
      skipToContent: 'Zum Inhalt springen',
    },
    status: {
      notStarted: 'Nicht begonnen',
      inProgress: 'In Bearbeitung',
      done: 'Erledigt',
      needsAttention: 'Aktion erforderlich',
    },
    steps: {
      signIn: {
        title: 'Cloud und Anmeldung',
        summary:
          'Wählen Sie die Azure-Cloud und melden Sie sich als Sicherungsoperator an, oder proben Sie den gesamten Ablauf mit dem integrierten lokalen Azure.',
        needs: {
          cloud: 'Die zu verwendende Cloud: Azure, Azure US Government, Azure China oder lokale Probe',
          account:
            'Ein Konto, das im Abonnement Azure AD-Anwendungen und Importaufträge erstellen darf',
        },
      },
      certificate: {
        title: 'Zertifikat',
        summary:
          'Erstellen Sie die Azure AD-Anwendung und das selbstsignierte Zertifikat, mit denen Azure Backup den Importauftrag anlegt, und registrieren Sie beides auf diesem Server.',
        needs: {
          subscription: 'Die Abonnement-ID',
          storageAccount: 'Das Speicherkonto, das die Daten empfängt',
        },
      },
      staging: {
        title: 'Stagingspeicherort',
        summary:
          'Schreiben Sie die komprimierte Erstkopie der Sicherungsquellen an einen Stagingspeicherort.',
        needs: {
          location: 'Einen Stagingspeicherort (lokaler Ordner oder Netzwerkfreigabe) mit genügend freiem Speicher',
          names: 'Den Namen des Importauftrags, Abonnement, Ressourcengruppe, Speicherkonto und Container',
          sources: 'Die zu sichernden Ordner',
        },
      },
      drives: {
        title: 'Laufwerke',
        summary:
          'Wählen Sie die zu versendenden SATA-Laufwerke, prüfen Sie, ob jedes geeignet ist, und formatieren Sie sie dann mit NTFS und verschlüsseln Sie sie mit BitLocker.',
        needs: {
          drives:
            'Interne SATA-Laufwerke (HDD oder SSD), höchstens 10 pro Importauftrag, an diesen Computer angeschlossen',
          admin: 'Administratorrechte auf diesem Computer',
        },
      },
      copy: {
        title: 'Kopieren',
        summary:
          'Kopieren Sie den Stagingspeicherort mit einem Manifest pro Laufwerk auf die Laufwerke und lesen Sie dann jedes Byte zur Überprüfung zurück.',
        needs: {
          spare: 'Weitere Laufwerke griffbereit, falls die ersten voll werden',
        },
      },
      importJob: {
        title: 'Importauftrag',
        summary:
          'Erstellen Sie den Azure Import/Export-Auftrag für die vorbereiteten Laufwerke und sehen Sie, wohin sie zu senden sind.',
        needs: {
          permission: 'Die Berechtigung, in der Ressourcengruppe Importaufträge zu erstellen',
        },
      },
      shipping: {
        title: 'Versand',
        summary:
          'Geben Sie Spediteur, Sendungsnummer und Rücksendeadresse ein und versenden Sie die Laufwerke innerhalb von zwei Wochen nach Erstellung des Auftrags.',
        needs: {
          carrier: 'Den Spediteur und die Sendungsnummer',
          returnAddress: 'Eine Rücksendeadresse und die Kundennummer beim Rücksendespediteur',
        },
      },
      monitor: {
        title: 'Überwachen',
        summary:
          'Verfolgen Sie den Importauftrag und jedes Laufwerk, bis die Daten in Azure sind. Der Helpdesk kann dies von jedem Computer aus tun.',
        needs: {
          where: 'Den Stagingspeicherort oder den Namen des Importauftrags',
        },
      },
      complete: {
        title: 'Abschließen',
        summary:
          'Prüfen Sie jedes Blob im Speicherkonto anhand der Laufwerksmanifeste und testen Sie dann eine Wiederherstellung.',
        needs: {
          folder: 'Einen Ordner, in den eine Testkopie wiederhergestellt wird',
        },
      },
    },
    page: {
      purpose: 'Was dieser Schritt tut',
      youWillNeed: 'Was Sie benötigen',
      notYetAvailable:
        'Dieser Schritt ist in dieser Version noch nicht verfügbar. Auf dieser Seite wird nichts ausgeführt oder geändert.',
    },
    summary: {
      title: 'Sitzung',
      cloud: 'Cloud',
      subscription: 'Abonnement',
      storageAccount: 'Speicherkonto',
      container: 'Container',
      importJob: 'Importauftrag',
      stagingLocation: 'Stagingspeicherort',
      drives: 'Laufwerke',
      notSet: 'Noch nicht festgelegt',
      localRehearsal: 'Lokale Probe',
    },
    language: {
      label: 'Sprache',
    },
    connection: {
      connecting: 'Verbindung zu Offline Seed wird hergestellt…',
      lost: 'Die Verbindung zu Offline Seed ist abgebrochen. Starten Sie es mit „npm start“ neu und laden Sie diese Seite neu.',
      noToken:
        'Diese Seite benötigt die von „npm start“ ausgegebene Adresse samt Token. Kopieren Sie die vollständige Adresse aus dem Terminal.',
    },
    actions: {
      copyDiagnostics: 'Diagnose kopieren',
      copied: 'Kopiert',
      cancel: 'Abbrechen',
      retry: 'Erneut versuchen',
      dismiss: 'Schließen',
    },
    validation: {
      subscriptionId: 'Die Abonnement-ID „{{value}}“ ist keine GUID. Kopieren Sie sie von der Seite „Abonnements“ im Azure-Portal.',
      tenantId: 'Die Mandanten-ID „{{value}}“ ist keine GUID. Kopieren Sie sie von der Azure AD-Übersichtsseite.',
      storageAccount: 'Der Name des Speicherkontos „{{value}}“ muss aus 3 bis 24 Kleinbuchstaben und Ziffern bestehen.',
      container:
        'Der Containername „{{value}}“ muss aus 3 bis 63 Kleinbuchstaben, Ziffern und einzelnen Bindestrichen bestehen und mit einem Buchstaben oder einer Ziffer beginnen und enden.',
      importJobName:
        'Der Name des Importauftrags „{{value}}“ darf nur Kleinbuchstaben, Ziffern und Bindestriche enthalten und muss mit einem Buchstaben beginnen.',
      resourceGroup:
        'Der Name der Ressourcengruppe „{{value}}“ darf nur Buchstaben, Ziffern, Unterstriche, Bindestriche, Punkte und Klammern enthalten und nicht auf einen Punkt enden.',
    },
    errors: {
      unknownRequest:
        'Die Anfrage „{{name}}“ gehört nicht zu dieser Version. Aktualisieren Sie Offline Seed auf beiden Seiten.',
      invalidRequest: 'Die Anfrage „{{name}}“ wurde abgelehnt, weil {{where}} ungültig ist ({{problem}}).',
      unexpected:
        'Im Schritt „{{step}}“ ist ein unerwarteter Fehler aufgetreten. Kopieren Sie die Diagnose und melden Sie sie.',
      linkNotAllowed: 'Aus Offline Seed lassen sich nur Links zum Azure-Portal und zur Dokumentation öffnen.',
      jobNotFound: 'Es läuft kein Vorgang „{{jobId}}“. Er ist vielleicht schon beendet.',
      jobsRunning: 'Ein Vorgang läuft noch. Brechen Sie ihn ab oder warten Sie, bis er fertig ist, bevor Sie beenden.',
      cancelled: 'Abgebrochen. Bereits Erledigtes bleibt erhalten; führen Sie den Schritt erneut aus, um fortzufahren.',
      notElevated: "Dieser Schritt ändert Laufwerke oder Systemeinstellungen dieses Computers und braucht Administratorrechte (root unter Linux): Starten Sie Offline Seed als Administrator und führen Sie den Schritt erneut aus.",
    },
  },
  es: {
    name: 'Offline Seed',
    tagline: 'Propagación sin conexión para Azure Backup',
    nav: {
      back: 'Atrás',
      next: 'Siguiente',
      stepOf: 'Paso {{n}} de {{total}}',
      steps: 'Pasos del asistente',
      skipToContent: 'Ir al contenido',
    },
    status: {
      notStarted: 'Sin empezar',
      inProgress: 'En curso',
      done: 'Hecho',
      needsAttention: 'Requiere atención',
    },
    steps: {
      signIn: {
        title: 'Nube e inicio de sesión',
        summary:
          'Elija la nube de Azure e inicie sesión como operador de copias de seguridad, o ensaye todo el proceso con el Azure local integrado.',
        needs: {
          cloud: 'La nube que se usará: Azure, Azure US Government, Azure China o ensayo local',
          account:
            'Una cuenta que pueda crear aplicaciones de Azure AD y trabajos de importación en la suscripción',
        },
      },
      certificate: {
        title: 'Certificado',
        summary:
          'Cree la aplicación de Azure AD y el certificado autofirmado que Azure Backup usa para el trabajo de importación, y regístrelos en este servidor.',
        needs: {
          subscription: 'El id. de suscripción',
          storageAccount: 'La cuenta de almacenamiento que recibirá los datos',
        },
      },
      staging: {
        title: 'Ubicación de almacenamiento provisional',
        summary:
          'Escriba la copia inicial comprimida de los orígenes de la copia de seguridad en una ubicación de almacenamiento provisional.',
        needs: {
          location:
            'Una ubicación provisional (carpeta local o recurso compartido de red) con espacio libre suficiente',
          names:
            'El nombre del trabajo de importación, la suscripción, el grupo de recursos, la cuenta de almacenamiento y el contenedor',
          sources: 'Las carpetas que se van a proteger',
        },
      },
      drives: {
        title: 'Unidades',
        summary:
          'Elija las unidades SATA que enviará, compruebe que cada una es apta y luego formatéelas en NTFS y cífrelas con BitLocker.',
        needs: {
          drives:
            'Unidades SATA internas (HDD o SSD), 10 como máximo por trabajo de importación, conectadas a este equipo',
          admin: 'Derechos de administrador en este equipo',
        },
      },
      copy: {
        title: 'Copia',
        summary:
          'Copie la ubicación provisional en las unidades con un manifiesto por unidad y luego vuelva a leer cada byte para verificarlo.',
        needs: {
          spare: 'Más unidades a mano por si las primeras se llenan',
        },
      },
      importJob: {
        title: 'Trabajo de importación',
        summary:
          'Cree el trabajo de Azure Import/Export para las unidades preparadas y consulte adónde enviarlas.',
        needs: {
          permission: 'Permiso para crear trabajos de importación en el grupo de recursos',
        },
      },
      shipping: {
        title: 'Envío',
        summary:
          'Indique el transportista, el número de seguimiento y la dirección de devolución, y envíe las unidades en las dos semanas siguientes a la creación del trabajo.',
        needs: {
          carrier: 'El transportista y el número de seguimiento',
          returnAddress: 'Una dirección de devolución y el número de cuenta del transportista de devolución',
        },
      },
      monitor: {
        title: 'Supervisión',
        summary:
          'Siga el trabajo de importación y cada unidad hasta que los datos estén en Azure. El departamento de soporte puede hacerlo desde cualquier equipo.',
        needs: {
          where: 'La ubicación provisional o el nombre del trabajo de importación',
        },
      },
      complete: {
        title: 'Finalización',
        summary:
          'Compare cada blob de la cuenta de almacenamiento con los manifiestos de las unidades y luego pruebe una restauración.',
        needs: {
          folder: 'Una carpeta donde restaurar una copia de prueba',
        },
      },
    },
    page: {
      purpose: 'Qué hace este paso',
      youWillNeed: 'Qué necesitará',
      notYetAvailable:
        'Este paso aún no está disponible en esta versión. Nada en esta página se ejecuta ni cambia nada.',
    },
    summary: {
      title: 'Sesión',
      cloud: 'Nube',
      subscription: 'Suscripción',
      storageAccount: 'Cuenta de almacenamiento',
      container: 'Contenedor',
      importJob: 'Trabajo de importación',
      stagingLocation: 'Ubicación provisional',
      drives: 'Unidades',
      notSet: 'Aún sin definir',
      localRehearsal: 'Ensayo local',
    },
    language: {
      label: 'Idioma',
    },
    connection: {
      connecting: 'Conectando con Offline Seed…',
      lost: 'Se perdió la conexión con Offline Seed. Vuelva a iniciarlo con «npm start» y recargue esta página.',
      noToken:
        'Esta página necesita la dirección que muestra «npm start», con su token. Copie la dirección completa desde el terminal.',
    },
    actions: {
      copyDiagnostics: 'Copiar diagnóstico',
      copied: 'Copiado',
      cancel: 'Cancelar',
      retry: 'Reintentar',
      dismiss: 'Cerrar',
    },
    validation: {
      subscriptionId: 'El id. de suscripción «{{value}}» no es un GUID. Cópielo de la página Suscripciones de Azure Portal.',
      tenantId: 'El id. de inquilino «{{value}}» no es un GUID. Cópielo de la página de información general de Azure AD.',
      storageAccount: 'El nombre de la cuenta de almacenamiento «{{value}}» debe tener de 3 a 24 letras minúsculas y dígitos.',
      container:
        'El nombre del contenedor «{{value}}» debe tener de 3 a 63 letras minúsculas, dígitos y guiones sueltos, y empezar y terminar con una letra o un dígito.',
      importJobName:
        'El nombre del trabajo de importación «{{value}}» solo puede contener letras minúsculas, dígitos y guiones, y debe empezar por una letra.',
      resourceGroup:
        'El nombre del grupo de recursos «{{value}}» solo puede contener letras, dígitos, guiones bajos, guiones, puntos y paréntesis, y no puede terminar en punto.',
    },
    errors: {
      unknownRequest:
        'La solicitud «{{name}}» no forma parte de esta versión. Actualice Offline Seed en ambos lados.',
      invalidRequest: 'Se rechazó la solicitud «{{name}}» porque {{where}} no es válido ({{problem}}).',
      unexpected:
        'Se produjo un error inesperado en el paso «{{step}}». Copie el diagnóstico e infórmelo.',
      linkNotAllowed: 'Desde Offline Seed solo se pueden abrir enlaces al portal de Azure y a la documentación.',
      jobNotFound: 'No hay ninguna tarea «{{jobId}}» en curso. Puede que ya haya terminado.',
      jobsRunning: 'Todavía hay una tarea en curso. Cancélela o espere a que termine antes de salir.',
      cancelled: 'Cancelado. Lo que ya estaba terminado se conserva; vuelva a ejecutar el paso para continuar.',
      notElevated: "Este paso modifica las unidades o la configuración del sistema de este equipo y necesita derechos de administrador (root en Linux): inicie Offline Seed como administrador y vuelva a ejecutar el paso.",
    },
  },
  it: {
    name: 'Offline Seed',
    tagline: 'Seeding offline per Backup di Azure',
    nav: {
      back: 'Indietro',
      next: 'Avanti',
      stepOf: 'Passaggio {{n}} di {{total}}',
      steps: 'Passaggi della procedura guidata',
      skipToContent: 'Vai al contenuto',
    },
    status: {
      notStarted: 'Non iniziato',
      inProgress: 'In corso',
      done: 'Completato',
      needsAttention: 'Richiede attenzione',
    },
    steps: {
      signIn: {
        title: 'Cloud e accesso',
        summary:
          "Scegliere il cloud di Azure e accedere come operatore di backup, oppure provare l'intero flusso con l'Azure locale integrato.",
        needs: {
          cloud: 'Il cloud da usare: Azure, Azure US Government, Azure Cina o prova locale',
          account:
            "Un account che possa creare applicazioni Azure AD e processi di importazione nella sottoscrizione",
        },
      },
      certificate: {
        title: 'Certificato',
        summary:
          "Creare l'applicazione Azure AD e il certificato autofirmato che Backup di Azure usa per il processo di importazione, e registrarli su questo server.",
        needs: {
          subscription: "L'ID sottoscrizione",
          storageAccount: "L'account di archiviazione che riceverà i dati",
        },
      },
      staging: {
        title: 'Percorso di gestione temporanea',
        summary:
          'Scrivere la copia iniziale compressa delle origini del backup in un percorso di gestione temporanea.',
        needs: {
          location:
            'Un percorso di gestione temporanea (cartella locale o condivisione di rete) con spazio libero sufficiente',
          names:
            "Il nome del processo di importazione, la sottoscrizione, il gruppo di risorse, l'account di archiviazione e il contenitore",
          sources: 'Le cartelle da proteggere',
        },
      },
      drives: {
        title: 'Unità',
        summary:
          'Scegliere le unità SATA da spedire, verificare che ognuna sia idonea, quindi formattarle in NTFS e crittografarle con BitLocker.',
        needs: {
          drives:
            'Unità SATA interne (HDD o SSD), al massimo 10 per processo di importazione, collegate a questo computer',
          admin: 'Diritti di amministratore su questo computer',
        },
      },
      copy: {
        title: 'Copia',
        summary:
          'Copiare il percorso di gestione temporanea sulle unità con un manifesto per unità, quindi rileggere ogni byte per verificarlo.',
        needs: {
          spare: 'Altre unità a portata di mano nel caso le prime si riempiano',
        },
      },
      importJob: {
        title: 'Processo di importazione',
        summary:
          'Creare il processo di Importazione/Esportazione di Azure per le unità preparate e vedere dove spedirle.',
        needs: {
          permission: 'Il permesso di creare processi di importazione nel gruppo di risorse',
        },
      },
      shipping: {
        title: 'Spedizione',
        summary:
          "Indicare il corriere, il numero di tracciabilità e l'indirizzo di restituzione, e spedire le unità entro due settimane dalla creazione del processo.",
        needs: {
          carrier: 'Il corriere e il numero di tracciabilità',
          returnAddress: 'Un indirizzo di restituzione e il numero di account del corriere per la restituzione',
        },
      },
      monitor: {
        title: 'Monitoraggio',
        summary:
          'Seguire il processo di importazione e ogni unità finché i dati non sono in Azure. Il supporto tecnico può farlo da qualsiasi computer.',
        needs: {
          where: 'Il percorso di gestione temporanea o il nome del processo di importazione',
        },
      },
      complete: {
        title: 'Completamento',
        summary:
          "Confrontare ogni BLOB dell'account di archiviazione con i manifesti delle unità, quindi provare un ripristino.",
        needs: {
          folder: 'Una cartella in cui ripristinare una copia di prova',
        },
      },
    },
    page: {
      purpose: 'Cosa fa questo passaggio',
      youWillNeed: 'Cosa serve',
      notYetAvailable:
        'Questo passaggio non è ancora disponibile in questa versione. Niente in questa pagina viene eseguito o modificato.',
    },
    summary: {
      title: 'Sessione',
      cloud: 'Cloud',
      subscription: 'Sottoscrizione',
      storageAccount: 'Account di archiviazione',
      container: 'Contenitore',
      importJob: 'Processo di importazione',
      stagingLocation: 'Percorso di gestione temporanea',
      drives: 'Unità',
      notSet: 'Non ancora impostato',
      localRehearsal: 'Prova locale',
    },
    language: {
      label: 'Lingua',
    },
    connection: {
      connecting: 'Connessione a Offline Seed…',
      lost: 'La connessione a Offline Seed si è interrotta. Riavviarlo con «npm start» e ricaricare questa pagina.',
      noToken:
        "Questa pagina richiede l'indirizzo stampato da «npm start», token incluso. Copiare l'indirizzo completo dal terminale.",
    },
    actions: {
      copyDiagnostics: 'Copia diagnostica',
      copied: 'Copiato',
      cancel: 'Annulla',
      retry: 'Riprova',
      dismiss: 'Chiudi',
    },
    validation: {
      subscriptionId: "L'ID sottoscrizione «{{value}}» non è un GUID. Copiarlo dalla pagina Sottoscrizioni del portale di Azure.",
      tenantId: "L'ID tenant «{{value}}» non è un GUID. Copiarlo dalla pagina di panoramica di Azure AD.",
      storageAccount: "Il nome dell'account di archiviazione «{{value}}» deve contenere da 3 a 24 lettere minuscole e cifre.",
      container:
        'Il nome del contenitore «{{value}}» deve contenere da 3 a 63 lettere minuscole, cifre e trattini singoli, e iniziare e finire con una lettera o una cifra.',
      importJobName:
        'Il nome del processo di importazione «{{value}}» può contenere solo lettere minuscole, cifre e trattini, e deve iniziare con una lettera.',
      resourceGroup:
        'Il nome del gruppo di risorse «{{value}}» può contenere solo lettere, cifre, caratteri di sottolineatura, trattini, punti e parentesi, e non può terminare con un punto.',
    },
    errors: {
      unknownRequest:
        'La richiesta «{{name}}» non fa parte di questa versione. Aggiornare Offline Seed su entrambi i lati.',
      invalidRequest: 'La richiesta «{{name}}» è stata rifiutata perché {{where}} non è valido ({{problem}}).',
      unexpected:
        'Si è verificato un errore imprevisto nel passaggio «{{step}}». Copiare la diagnostica e segnalarla.',
      linkNotAllowed: 'Da Offline Seed si possono aprire solo collegamenti al portale di Azure e alla documentazione.',
      jobNotFound: 'Nessuna attività «{{jobId}}» è in corso. Potrebbe essere già terminata.',
      jobsRunning: "Un'attività è ancora in corso. Annullarla o attendere che finisca prima di uscire.",
      cancelled: 'Annullato. Quanto già completato viene conservato; eseguire di nuovo il passaggio per continuare.',
      notElevated: "Questo passaggio modifica le unità o le impostazioni di sistema di questo computer e richiede i diritti di amministratore (root su Linux): avviare Offline Seed come amministratore ed eseguire di nuovo il passaggio.",
    },
  },
  nl: {
    name: 'Offline Seed',
    tagline: 'Offline seeding voor Azure Backup',
    nav: {
      back: 'Vorige',
      next: 'Volgende',
      stepOf: 'Stap {{n}} van {{total}}',
      steps: 'Stappen van de wizard',
      skipToContent: 'Naar de inhoud',
    },
    status: {
      notStarted: 'Niet begonnen',
      inProgress: 'Bezig',
      done: 'Klaar',
      needsAttention: 'Vraagt aandacht',
    },
    steps: {
      signIn: {
        title: 'Cloud en aanmelden',
        summary:
          'Kies de Azure-cloud en meld u aan als back-upoperator, of oefen de hele werkwijze met de ingebouwde lokale Azure.',
        needs: {
          cloud: 'De cloud die u gebruikt: Azure, Azure US Government, Azure China of lokaal oefenen',
          account:
            'Een account dat in het abonnement Azure AD-toepassingen en importtaken mag maken',
        },
      },
      certificate: {
        title: 'Certificaat',
        summary:
          'Maak de Azure AD-toepassing en het zelfondertekende certificaat waarmee Azure Backup de importtaak maakt, en registreer ze op deze server.',
        needs: {
          subscription: 'De abonnements-id',
          storageAccount: 'Het opslagaccount dat de gegevens ontvangt',
        },
      },
      staging: {
        title: 'Faseringslocatie',
        summary: 'Schrijf de gecomprimeerde eerste kopie van de back-upbronnen naar een faseringslocatie.',
        needs: {
          location: 'Een faseringslocatie (lokale map of netwerkshare) met voldoende vrije ruimte',
          names: 'De naam van de importtaak, het abonnement, de resourcegroep, het opslagaccount en de container',
          sources: 'De mappen waarvan u een back-up maakt',
        },
      },
      drives: {
        title: 'Stations',
        summary:
          'Kies de SATA-stations die u verzendt, controleer of elk station geschikt is en formatteer ze daarna als NTFS en versleutel ze met BitLocker.',
        needs: {
          drives:
            'Interne SATA-stations (HDD of SSD), hoogstens 10 per importtaak, aangesloten op deze computer',
          admin: 'Beheerdersrechten op deze computer',
        },
      },
      copy: {
        title: 'Kopiëren',
        summary:
          'Kopieer de faseringslocatie naar de stations met een manifest per station en lees daarna elke byte terug om te controleren.',
        needs: {
          spare: 'Extra stations bij de hand voor het geval de eerste vol raken',
        },
      },
      importJob: {
        title: 'Importtaak',
        summary: 'Maak de Azure Import/Export-taak voor de voorbereide stations en zie waarheen u ze verzendt.',
        needs: {
          permission: 'Toestemming om importtaken te maken in de resourcegroep',
        },
      },
      shipping: {
        title: 'Verzending',
        summary:
          'Vul de vervoerder, het trackingnummer en het retouradres in en verzend de stations binnen twee weken na het maken van de taak.',
        needs: {
          carrier: 'De vervoerder en het trackingnummer',
          returnAddress: 'Een retouradres en het accountnummer bij de retourvervoerder',
        },
      },
      monitor: {
        title: 'Bewaken',
        summary:
          'Volg de importtaak en elk station tot de gegevens in Azure staan. De helpdesk kan dit vanaf elke computer doen.',
        needs: {
          where: 'De faseringslocatie of de naam van de importtaak',
        },
      },
      complete: {
        title: 'Voltooien',
        summary:
          'Vergelijk elke blob in het opslagaccount met de stationsmanifesten en test daarna een herstelbewerking.',
        needs: {
          folder: 'Een map om een testkopie in terug te zetten',
        },
      },
    },
    page: {
      purpose: 'Wat deze stap doet',
      youWillNeed: 'Wat u nodig hebt',
      notYetAvailable:
        'Deze stap is in deze versie nog niet beschikbaar. Niets op deze pagina wordt uitgevoerd of gewijzigd.',
    },
    summary: {
      title: 'Sessie',
      cloud: 'Cloud',
      subscription: 'Abonnement',
      storageAccount: 'Opslagaccount',
      container: 'Container',
      importJob: 'Importtaak',
      stagingLocation: 'Faseringslocatie',
      drives: 'Stations',
      notSet: 'Nog niet ingesteld',
      localRehearsal: 'Lokaal oefenen',
    },
    language: {
      label: 'Taal',
    },
    connection: {
      connecting: 'Verbinden met Offline Seed…',
      lost: 'De verbinding met Offline Seed is verbroken. Start het opnieuw met "npm start" en laad deze pagina opnieuw.',
      noToken:
        'Deze pagina heeft het adres nodig dat "npm start" toont, inclusief het token. Kopieer het volledige adres uit de terminal.',
    },
    actions: {
      copyDiagnostics: 'Diagnose kopiëren',
      copied: 'Gekopieerd',
      cancel: 'Annuleren',
      retry: 'Opnieuw proberen',
      dismiss: 'Sluiten',
    },
    validation: {
      subscriptionId: 'De abonnements-id "{{value}}" is geen GUID. Kopieer die van de pagina Abonnementen in de Azure-portal.',
      tenantId: 'De tenant-id "{{value}}" is geen GUID. Kopieer die van de overzichtspagina van Azure AD.',
      storageAccount: 'De naam van het opslagaccount "{{value}}" moet uit 3 tot 24 kleine letters en cijfers bestaan.',
      container:
        'De containernaam "{{value}}" moet uit 3 tot 63 kleine letters, cijfers en losse koppeltekens bestaan en met een letter of cijfer beginnen en eindigen.',
      importJobName:
        'De naam van de importtaak "{{value}}" mag alleen kleine letters, cijfers en koppeltekens bevatten en moet met een letter beginnen.',
      resourceGroup:
        'De naam van de resourcegroep "{{value}}" mag alleen letters, cijfers, onderstrepingstekens, koppeltekens, punten en haakjes bevatten en mag niet op een punt eindigen.',
    },
    errors: {
      unknownRequest:
        'Het verzoek "{{name}}" hoort niet bij deze versie. Werk Offline Seed aan beide kanten bij.',
      invalidRequest: 'Het verzoek "{{name}}" is geweigerd omdat {{where}} ongeldig is ({{problem}}).',
      unexpected:
        'Er ging iets onverwachts mis in de stap "{{step}}". Kopieer de diagnose en meld die.',
      linkNotAllowed: 'Vanuit Offline Seed kunnen alleen koppelingen naar de Azure-portal en de documentatie worden geopend.',
      jobNotFound: 'Er loopt geen taak "{{jobId}}". Misschien is die al klaar.',
      jobsRunning: 'Er loopt nog een taak. Annuleer die of wacht tot ze klaar is voordat u afsluit.',
      cancelled: 'Geannuleerd. Wat klaar was, blijft bewaard; voer de stap opnieuw uit om verder te gaan.',
      notElevated: "Deze stap wijzigt schijven of systeeminstellingen van deze computer en vereist beheerdersrechten (root op Linux): start Offline Seed als beheerder en voer de stap opnieuw uit.",
    },
  },
} satisfies Catalog;
